using System.Text.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Tests.Evaluations;

/// <summary>
/// A constructed brigade whose scores, ranks, squad ranking and outcomes are computed by hand below (TestSchemes):
/// squad A = a1 (leader, road, clean), a2 (road, 3 late days), a3 (auxiliary of a2, road, one penalty without footage);
/// squad B = b1 (leader, road, one overdue case), b2 (road, drinking on duty), b3 (accident post, a letter of thanks).
/// </summary>
public abstract class EvaluationRunTests : DatabaseTestBase
{
    private static readonly AssessmentPeriod August = AssessmentPeriod.Month(2026, 8);
    private static readonly AssessmentPeriod September = AssessmentPeriod.Month(2026, 9);
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);


    [Fact]
    public async Task A_constructed_brigade_gets_the_hand_computed_scores_ranks_squads_and_outcomes()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await SeedBrigadeAsync(db, [October]);
        var service = await ServiceAsync(db);

        var run = await service.EvaluateAsync(October, "test-node");

        run.Status.Should().Be(RunStatus.Completed);
        var results = await db.OfficerResults.AsNoTracking().Where(r => r.RunId == run.Id).ToDictionaryAsync(r => r.BadgeNumber);
        // a2: 100 − 3 late (−1 each) = 97, then −1 for auxiliary a3's deduction (linked liability) = 96.
        // a3: 100 − 5 (one penalty without footage) = 95.
        // a1: squad A's own deductions 0, −3, −5 average −8/3; the leader carries 20 %: −0.5333 → −0.53 → 99.47.
        // b1: 100 − 3 (one overdue case) = 97; squad B's own deductions −3, 0, 0 average −1 → −0.2 → 96.8.
        // b2: drinking on duty is a veto: the month scores 0.  b3: 100 + 2 (letter) = 102.
        results["A1"].Score.Should().Be(99.47);
        results["A2"].Score.Should().Be(96);
        results["A3"].Score.Should().Be(95);
        results["B1"].Score.Should().Be(96.8);
        results["B2"].Score.Should().Be(0);
        results["B2"].Vetoed.Should().BeTrue();
        results["B3"].Score.Should().Be(102);
        results.Values.Select(r => (r.BadgeNumber, r.Grade)).Should().BeEquivalentTo(new[]
        {
            ("A1", "优秀"), ("A2", "优秀"), ("A3", "优秀"), ("B1", "优秀"), ("B2", "不合格"), ("B3", "优秀"),
        });

        // Peer groups are brigade × post: road = A1 99.47, B1 96.8, A2 96, A3 95, B2 0; accident = B3 alone.
        results.Values.Select(r => (r.BadgeNumber, r.Rank, r.PeerGroupSize, r.Percentile)).Should().BeEquivalentTo(new[]
        {
            ("A1", 1, 5, 100.0), ("B1", 2, 5, 75.0), ("A2", 3, 5, 50.0), ("A3", 4, 5, 25.0), ("B2", 5, 5, 0.0), ("B3", 1, 1, 100.0),
        });

        // Every point is explained: the rule, its title, its points, its parameters and its records.
        var a3Line = results["A3"].Lines.Single(l => l.RuleName == "PenaltyWithoutFootage");
        a3Line.Title.Should().Be("处罚无执法记录");
        a3Line.Points.Should().Be(-5);
        a3Line.EvidenceIds.Should().ContainSingle();
        a3Line.EvidenceSource.Should().Be("Enforcements");
        JsonDocument.Parse(a3Line.ParametersJson).RootElement.GetProperty("noFootage").GetInt32().Should().Be(1);
        var linked = results["A2"].Lines.Single(l => l.RuleName == "LinkedLiability.Auxiliary");
        linked.Points.Should().Be(-1);
        linked.ParametersJson.Should().Contain("A3");
        results["A1"].Lines.Single(l => l.RuleName == "LinkedLiability.SquadLeader").Points.Should().Be(-0.53);

        // Squads: A = (99.47 + 96 + 95) / 3 = 96.8233 → 96.82; B = (96.8 + 0 + 102) / 3 = 66.2667 → 66.27, − 2 for its overdue case = 64.27
        // (points keep the scheme's 2 decimals).
        var squads = await db.SquadResults.AsNoTracking().Where(r => r.RunId == run.Id).OrderBy(r => r.Rank).ToListAsync();
        squads.Select(s => (s.SquadId, s.Rank)).Should().Equal((101L, 1), (102L, 2));
        squads[0].Score.Should().Be(96.82);
        squads[1].Score.Should().Be(64.27);
        squads[0].Grade.Should().Be("先进");
        squads[1].Grade.Should().Be("后进");

        var outcomes = await db.Outcomes.AsNoTracking().Where(o => o.RunId == run.Id).ToListAsync();
        var officerIds = await db.Officers.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.BadgeNumber);
        outcomes.Select(o => (Subject: o.SubjectKind == SubjectKind.Squad ? o.SubjectId.ToString(System.Globalization.CultureInfo.InvariantCulture) : officerIds[o.SubjectId], o.Kind, o.Level))
            .Should().BeEquivalentTo(new (string, OutcomeKind, InterviewLevel?)[]
            {
                ("A1", OutcomeKind.ExcellentOfficer, null),          // percentile 100, 99.47
                ("B3", OutcomeKind.ExcellentOfficer, null),          // alone on the accident post
                ("A3", OutcomeKind.Warning, null),                   // the penalty without footage
                ("B2", OutcomeKind.Interview, InterviewLevel.Committee), // veto → committee, which includes the squad interview for < 80
                ("101", OutcomeKind.AdvancedSquad, null),            // squad A: first in the brigade, no overdue case
            });
        outcomes.Should().OnlyContain(o => o.Status == OutcomeStatus.Proposed && o.Reason.Length > 0);
        // A reason names what caused the outcome and the right kind of person, never a bonus of the month.
        outcomes.Single(o => o.Kind == OutcomeKind.Warning).Reason.Should().Be("辅警：处罚无执法记录");
        outcomes.Single(o => o.Kind == OutcomeKind.Interview).Reason.Should().Be("民警：违反禁酒令");
        outcomes.Single(o => o.SubjectId == 6 && o.SubjectKind == SubjectKind.Officer).Reason.Should().Be("民警：优秀民警（本月102分，优秀）").And.NotContain("锦旗");

        run.Statistics!.Officers.Should().Be(5);
        run.Statistics.Auxiliaries.Should().Be(1);
        run.Statistics.Squads.Should().Be(2);
        run.Schemes.Select(s => s.SchemeName).Should().BeEquivalentTo("test-officer-monthly", "test-squad-monthly", "test-outcomes-monthly");
        (await db.StagedOfficerScores.CountAsync()).Should().Be(0, "staging rows are cleared when the run completes");
        (await db.RuleSetVersions.AsNoTracking().ToListAsync()).Should().OnlyContain(v => v.FirstUsedFor == October);
    }

    [Fact]
    public async Task Re_running_identical_inputs_gives_byte_identical_results()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await SeedBrigadeAsync(db, [October]);
        var service = await ServiceAsync(db);

        var first = await service.EvaluateAsync(October, "node-a");
        var afterFirst = await StoredResults.SnapshotAsync(db, first.Id);
        db.ChangeTracker.Clear();
        var second = await service.EvaluateAsync(October, "node-b");

        first.Id.Should().NotBe(second.Id, "a run never overwrites another");
        (await StoredResults.SnapshotAsync(db, second.Id)).Should().Be(afterFirst);
        (await db.Outcomes.CountAsync()).Should().Be(5, "the re-run carried each proposal instead of copying it");
    }

    [Fact]
    public async Task A_run_on_RulesEngine_stores_results_identical_to_the_compiled_engines()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await SeedBrigadeAsync(db, [October]);
        var compiled = await ServiceAsync(db);
        var first = await compiled.EvaluateAsync(October, "node-a");
        db.ChangeTracker.Clear();
        // Taken before the second run, which carries the first run's outcomes over to itself.
        var expected = await StoredResults.SnapshotAsync(db, first.Id);
        var engines = new SchemeEngines(new RuleEngineOptions { Engine = RuleEngineKind.RulesEngine, CrossCheck = "Off" });
        var onRulesEngine = new EvaluationService(db, new SchemeCatalog(new RuleEngine(), engines), TimeProvider.System, Options.Create(new LinkedLiabilityOptions()), NullLogger<EvaluationService>.Instance);

        var second = await onRulesEngine.EvaluateAsync(October, "node-b");

        var snapshot = await StoredResults.SnapshotAsync(db, second.Id);
        snapshot.Should().Contain("PenaltyWithoutFootage", "rules fired, so the hash covers points, parameters and evidence");
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(snapshot)))
            .Should().Be(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(expected))));
    }

    [Fact]
    public async Task A_fact_stored_after_the_run_was_queued_is_not_read_by_that_run_but_a_re_run_reads_it()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await SeedBrigadeAsync(db, [October]);
        var service = await ServiceAsync(db);
        var run = await service.QueueAsync(October);

        // A letter of thanks for A1 reaches the system after the run was queued (its data cut-off).
        db.Commendations.Add(new Commendation(0, 1, "COM-LATE-A1", CommendationLevels.Letter, October.StartInstant.AddDays(24)));
        await db.SaveChangesAsync();
        var first = await service.CompleteAsync(run.Id, "node-a");
        db.ChangeTracker.Clear();
        var rerun = await service.CompleteAsync((await service.QueueAsync(October, supersedes: run.Id)).Id, "node-a");

        first.Watermarks.Should().Contain(w => w.Fact == "commendations" && w.MaxId == 1);
        (await db.OfficerResults.AsNoTracking().SingleAsync(r => r.RunId == first.Id && r.OfficerId == 1)).Score.Should().Be(99.47);
        // The re-run has its own cut-off and reads the letter: 99.47 + 2.
        (await db.OfficerResults.AsNoTracking().SingleAsync(r => r.RunId == rerun.Id && r.OfficerId == 1)).Score.Should().Be(101.47);
    }

    [Fact]
    public async Task Interviews_escalate_over_three_consecutive_months_below_pass()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await SeedBrigadeAsync(db, [August, September, October]);
        // A2 is late on 22 more days every month: 100 − (3 + 22) − 1 (linked: A3) = 74 < 80.
        var late = new List<AttendanceDay>();
        foreach (var month in new[] { August, September, October })
        {
            for (var day = 1; day <= 22; day++)
                late.Add(new AttendanceDay(0, 2, $"LATE-{month.Key}-{day}", month.FirstDay.AddDays(day - 1), AttendanceStatuses.Late, 5));
        }
        db.AttendanceDays.AddRange(late);
        await db.SaveChangesAsync();
        var service = await ServiceAsync(db);

        var levels = new List<InterviewLevel?>();
        foreach (var month in new[] { August, September, October })
        {
            var run = await service.EvaluateAsync(month, "test-node");
            db.ChangeTracker.Clear();
            var a2 = await db.OfficerResults.AsNoTracking().SingleAsync(r => r.RunId == run.Id && r.OfficerId == 2);
            a2.Score.Should().Be(74);
            levels.Add((await db.Outcomes.AsNoTracking().SingleAsync(o => o.RunId == run.Id && o.SubjectKind == SubjectKind.Officer && o.SubjectId == 2 && o.Kind == OutcomeKind.Interview)).Level);
        }

        levels.Should().Equal(InterviewLevel.Squad, InterviewLevel.Department, InterviewLevel.Committee);
    }

    [Fact]
    public async Task A_scheduled_claim_is_taken_once_so_a_duplicated_fire_finds_the_same_run()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await SeedBrigadeAsync(db, [October]);
        var service = await ServiceAsync(db);
        var claim = EvaluationRun.ScheduledClaim(October);

        var first = await service.EvaluateAsync(October, "node-a", claim);
        db.ChangeTracker.Clear();
        var second = await service.EvaluateAsync(October, "node-b", claim);

        second.Id.Should().Be(first.Id);
        (await db.EvaluationRuns.CountAsync()).Should().Be(1);
        (await db.OfficerResults.CountAsync()).Should().Be(6);
    }

    [Fact]
    public async Task A_part_that_fails_leaves_no_visible_results_and_a_retry_completes_the_run()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await SeedBrigadeAsync(db, [October]);
        var service = await ServiceAsync(db);
        var run = await service.QueueAsync(October);
        var part = (await service.PartsAsync(run.Id)).Single();

        // A transient fault: the enforcement table is briefly unreadable.
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE enforcement_actions RENAME TO enforcement_actions_away");
        var failing = () => service.RunPartAsync(run.Id, part.BrigadeId, "node-a");
        await failing.Should().ThrowAsync<Exception>();
        db.ChangeTracker.Clear();
        (await service.PartsAsync(run.Id)).Single().Should().Match<RunPart>(p => p.Status == RunPartStatus.Failed && p.Attempts == 1 && p.Error!.Length > 0);
        (await db.OfficerResults.CountAsync()).Should().Be(0);

        await db.Database.ExecuteSqlRawAsync("ALTER TABLE enforcement_actions_away RENAME TO enforcement_actions");
        var completed = await service.CompleteAsync(run.Id, "node-b");

        completed.Status.Should().Be(RunStatus.Completed);
        (await service.PartsAsync(run.Id)).Single().Attempts.Should().Be(2);
        (await db.OfficerResults.CountAsync(r => r.RunId == run.Id)).Should().Be(6);
    }

    [Fact]
    public async Task An_unfinished_period_or_one_without_a_scheme_is_refused_with_a_reason()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        var service = new EvaluationService(db, new SchemeCatalog(new RuleEngine()), TimeProvider.System, Options.Create(new LinkedLiabilityOptions()), NullLogger<EvaluationService>.Instance);

        var noScheme = () => service.QueueAsync(October);
        var future = () => service.QueueAsync(AssessmentPeriod.Month(2099, 1));

        await noScheme.Should().ThrowAsync<UnknownPeriodException>().WithMessage("No monthly officer scheme is in force for 2026-10*");
        await future.Should().ThrowAsync<UnknownPeriodException>().WithMessage("2099-01 has not ended yet*");
    }

    private static async Task<EvaluationService> ServiceAsync(AssessmentDbContext db)
    {
        var catalog = new SchemeCatalog(new RuleEngine());
        var imported = await ShippedSchemes.ImportAsync(db, catalog, TestSchemes.All, DateTimeOffset.UtcNow);
        imported.Should().HaveCount(3);
        return new EvaluationService(db, catalog, TimeProvider.System, Options.Create(new LinkedLiabilityOptions()), NullLogger<EvaluationService>.Instance);
    }

    private static Task SeedBrigadeAsync(AssessmentDbContext db, IReadOnlyList<AssessmentPeriod> months) => ConstructedBrigade.SeedAsync(db, months);
}

public sealed class EvaluationRunTestsOnSqlite : EvaluationRunTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class EvaluationRunTestsOnPostgres : EvaluationRunTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
