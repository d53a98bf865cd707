using System.Globalization;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Persistence;

/// <summary>
/// Today's runs, their copies of outcomes, decisions and appeals become one period assessment per period without losing
/// a decision: a published run and a draft re-run of October, each with its own copy of every proposal.
/// </summary>
public abstract class AssessmentMigrationTests : DatabaseTestBase
{
    private static readonly Guid Published = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    private static readonly Guid Rerun = Guid.Parse("0193a000-0000-7000-8000-000000000002");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 2, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Runs_outcome_copies_decisions_and_appeals_become_one_assessment_with_every_decision()
    {
        var migrator = new SchemaMigrator(Provider);
        var target = migrator.Migrations.Single(m => m.Name == "period_assessments").Version;
        await using (var db = Database.CreateContext())
        {
            await new SchemaMigrator(Provider) { StopAfter = target - 1 }.MigrateAsync(db);
            await ConstructedBrigade.SeedAsync(db, [AssessmentEngine.Domain.Periods.AssessmentPeriod.Month(2026, 10)]);
            await db.Database.ExecuteSqlRawAsync(LegacyRows());
        }

        await using (var db = Database.CreateContext())
            await migrator.MigrateAsync(db);

        await using (var db = Database.CreateContext())
        {
            var assessment = await db.PeriodAssessments.SingleAsync();
            assessment.Period.Key.Should().Be("2026-10");
            assessment.ScopeUnitId.Should().Be(1);
            assessment.CurrentRunId.Should().Be(Rerun);
            assessment.PublishedRunId.Should().Be(Published);
            assessment.Publication.Should().Be(PublicationState.Published);
            assessment.PublicationNumber.Should().Be(1);
            assessment.AppealWindowEndsAt.Should().Be(T0.AddDays(6));
            assessment.HasUnpublishedChanges.Should().BeTrue();
            (await db.EvaluationRuns.Select(r => r.AssessmentId).Distinct().ToListAsync()).Should().Equal(assessment.Id);

            var outcomes = await db.Outcomes.ToListAsync();
            outcomes.Should().HaveCount(4, "two copies of three proposals and one proposal of the first run only");
            outcomes.Should().OnlyHaveUniqueItems(o => o.IdentityKey);
            var warning = outcomes.Single(o => o.Kind == OutcomeKind.Warning);
            warning.Status.Should().Be(OutcomeStatus.Approved, "the decision on the published run's copy is kept");
            warning.ReviewedBy.Should().Be("大队长");
            warning.IsLive.Should().BeTrue();
            warning.LatestRunId.Should().Be(Rerun);
            warning.History.Select(e => e.Action).Should().BeEquivalentTo(["Proposed", "Proposed", "Approved"]);
            var interview = outcomes.Single(o => o.Kind == OutcomeKind.Interview);
            interview.Status.Should().Be(OutcomeStatus.Held);
            interview.ScheduledLevel.Should().Be(InterviewLevel.Committee);
            interview.Notes.Should().Be("书面检查");
            var excellent = outcomes.Single(o => o.Kind == OutcomeKind.ExcellentOfficer);
            excellent.Status.Should().Be(OutcomeStatus.Rejected, "the re-run's copy was decided, the other was not");
            excellent.RejectionReason.Should().Be("有投诉在查");
            var squad = outcomes.Single(o => o.Kind == OutcomeKind.AdvancedSquad);
            squad.IsLive.Should().BeFalse("the current run no longer proposes it");
            squad.WithdrawnByRunId.Should().Be(Rerun);
            squad.Status.Should().Be(OutcomeStatus.Approved);

            var appeal = await db.Appeals.SingleAsync();
            appeal.AssessmentId.Should().Be(assessment.Id);
            appeal.PublicationNumber.Should().Be(1);
            appeal.Status.Should().Be(AppealStatus.Upheld);
        }
    }

    private string Id(Guid id) => Provider == DatabaseProvider.Sqlite ? $"'{id.ToString().ToUpperInvariant()}'" : $"'{id}'";

    private string At(DateTimeOffset at) => Provider == DatabaseProvider.Sqlite
        ? at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)
        : $"'{at.ToUniversalTime():yyyy-MM-dd HH:mm:ss}+00'";

    private string Outcome(int n, Guid run, string kind, string subjectKind, long subject, string? level, string status, string? reviewedBy = null, string? rejection = null, string? notes = null)
    {
        var id = Id(Guid.Parse($"0193b000-0000-7000-8000-{n:D12}"));
        var reviewed = reviewedBy is null ? "NULL" : At(T0.AddDays(2));
        var held = notes is null ? "NULL" : At(T0.AddDays(3));
        return $"""
            INSERT INTO outcomes (id, run_id, kind, subject_kind, subject_id, level, reason, status, proposed_at, reviewed_by, reviewed_at, rejection_reason, interviewer, scheduled_for, held_at, notes)
            VALUES ({id}, {Id(run)}, '{kind}', '{subjectKind}', {subject}, {(level is null ? "NULL" : $"'{level}'")}, '理由', '{status}', {At(T0)}, {(reviewedBy is null ? "NULL" : $"'{reviewedBy}'")}, {reviewed},
                    {(rejection is null ? "NULL" : $"'{rejection}'")}, {(notes is null ? "NULL" : "'大队长'")}, {held}, {held}, {(notes is null ? "NULL" : $"'{notes}'")});
            """;
    }

    private string LegacyRows() => $"""
        INSERT INTO evaluation_runs (id, period, data_cut_off, status, attempts, queued_at, started_at, finished_at, publication, published_at, appeal_window_ends_at, supersedes_run_id, schemes, claim_key)
        VALUES ({Id(Published)}, '2026-10', {At(T0)}, 'Completed', 1, {At(T0)}, {At(T0)}, {At(T0.AddMinutes(5))}, 'Published', {At(T0.AddDays(1))}, {At(T0.AddDays(6))}, NULL, '[]', 'run:a'),
               ({Id(Rerun)}, '2026-10', {At(T0.AddDays(4))}, 'Completed', 1, {At(T0.AddDays(4))}, {At(T0.AddDays(4))}, {At(T0.AddDays(4).AddMinutes(5))}, 'Draft', NULL, NULL, {Id(Published)}, '[]', 'run:b');
        {Outcome(1, Published, "Warning", "Officer", 3, null, "Approved", reviewedBy: "大队长")}
        {Outcome(2, Rerun, "Warning", "Officer", 3, null, "Proposed")}
        {Outcome(3, Published, "Interview", "Officer", 5, "Committee", "Held", reviewedBy: "大队长", notes: "书面检查")}
        {Outcome(4, Rerun, "Interview", "Officer", 5, "Committee", "Proposed")}
        {Outcome(5, Published, "ExcellentOfficer", "Officer", 1, null, "Proposed")}
        {Outcome(6, Rerun, "ExcellentOfficer", "Officer", 1, null, "Rejected", reviewedBy: "政委", rejection: "有投诉在查")}
        {Outcome(7, Published, "AdvancedSquad", "Squad", 101, null, "Approved", reviewedBy: "大队长")}
        INSERT INTO appeals (id, run_id, period, officer_id, rule_name, statement, filed_at, status, decided_by, decided_at, decision_reason, adjusted_points)
        VALUES ({Id(Guid.Parse("0193c000-0000-7000-8000-000000000001"))}, {Id(Published)}, '2026-10', 2, 'LateArrival', '考勤机故障', {At(T0.AddDays(2))}, 'Upheld', '督察', {At(T0.AddDays(3))}, '属实', 3);
        """;
}

public sealed class AssessmentMigrationTestsOnSqlite : AssessmentMigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class AssessmentMigrationTestsOnPostgres : AssessmentMigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
