using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Persistence;

public abstract class PersistenceTests : DatabaseTestBase
{
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    private static readonly DateTimeOffset At = new(2026, 10, 15, 9, 30, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Organisation_and_every_fact_kind_round_trip_with_their_values()
    {
        await using (var db = await Database.CreateMigratedContextAsync())
        {
            var (detachment, brigade, squad) = Units();
            db.Units.AddRange(detachment, brigade, squad);
            var sworn = Officer.Sworn(1, "J000001", "张伟", PostType.Road, squad, new DateOnly(2020, 1, 1));
            sworn.MakeSquadLeader();
            var auxiliary = Officer.Auxiliary(2, "F000002", "李娜", PostType.Window, squad, new DateOnly(2022, 3, 1));
            auxiliary.AssignSupervisor(sworn);
            db.Officers.AddRange(sworn, auxiliary);
            db.EnforcementActions.Add(new EnforcementAction(0, 1, "ENF-1", EnforcementCodes.Drunk, At, hasFootage: true, uploadDelayHours: 2.5, penaltyIssued: true, "JD-2026-001"));
            db.Cases.Add(new Case(0, 1, "CASE-1", CaseKinds.Accident, At, At.AddDays(10), At.AddDays(12)));
            db.AttendanceDays.Add(new AttendanceDay(0, 2, "ATT-1", new DateOnly(2026, 10, 15), AttendanceStatuses.Late, minutesLate: 12));
            db.Shifts.Add(new Shift(0, 1, "SHIFT-1", "road", At, 8.5, signedIn: true, offPost: false));
            var incident = new DisciplineIncident(0, 1, "INC-1", IncidentCodes.Uniform, At);
            incident.Verify();
            db.DisciplineIncidents.Add(incident);
            var complaint = new Complaint(0, 2, "CMP-1", At);
            complaint.Verify("态度粗暴，查实");
            db.Complaints.Add(complaint);
            db.Commendations.Add(new Commendation(0, 1, "COM-1", CommendationLevels.Award, At));
            db.TrainingResults.Add(new TrainingResult(0, 1, "TR-1", "执法规范化考试", At, 92.5, passed: true));
            db.ImportedIndicators.Add(ImportedIndicator.ForUnit(0, "IND-1", squad.Id, October, "accident_rate", 1.25, At));
            db.ManualAdjustments.Add(new ManualAdjustment(0, "ADJ-1", 1, October, "LateArrival", 1, "申诉成立：系统打卡故障", "inspector1", At, null));
            await db.SaveChangesAsync();
        }

        await using (var db = Database.CreateContext())
        {
            var officers = await db.Officers.OrderBy(o => o.Id).ToListAsync();
            officers[0].IsSquadLeader.Should().BeTrue();
            officers[1].SupervisorId.Should().Be(1);
            officers[1].Kind.Should().Be(PersonnelKind.Auxiliary);
            officers[1].Name.Should().Be("李娜");
            var enforcement = await db.EnforcementActions.SingleAsync();
            enforcement.Id.Should().BePositive("the store assigns fact ids");
            enforcement.OccurredAt.Should().Be(At).And.Subject!.Value.Offset.Should().Be(TimeSpan.FromHours(8));
            enforcement.UploadDelayHours.Should().Be(2.5);
            enforcement.PenaltyDecisionNumber.Should().Be("JD-2026-001");
            var @case = await db.Cases.SingleAsync();
            @case.ClosedAt.Should().Be(At.AddDays(12));
            @case.IsOverdueAt(At.AddDays(20)).Should().BeTrue();
            (await db.AttendanceDays.SingleAsync()).MinutesLate.Should().Be(12);
            (await db.DisciplineIncidents.SingleAsync()).Status.Should().Be(IncidentStatus.Verified);
            (await db.Complaints.SingleAsync()).Finding.Should().Be("态度粗暴，查实");
            (await db.ImportedIndicators.SingleAsync()).Period.Should().Be(October);
            (await db.ManualAdjustments.SingleAsync()).Reason.Should().Be("申诉成立：系统打卡故障");
        }
    }

    [Fact]
    public async Task Facts_of_a_period_are_found_by_a_range_filter_that_runs_in_the_database()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await SeedOfficerAsync(db);
        db.EnforcementActions.AddRange(
            new EnforcementAction(0, 1, "E-SEP", EnforcementCodes.Parking, October.StartInstant.AddMinutes(-1), true, 1, false),
            new EnforcementAction(0, 1, "E-OCT-FIRST", EnforcementCodes.Parking, October.StartInstant, true, 1, false),
            new EnforcementAction(0, 1, "E-OCT-LAST", EnforcementCodes.Parking, October.EndInstant.AddTicks(-TimeSpan.TicksPerMillisecond), true, 1, false),
            new EnforcementAction(0, 1, "E-NOV", EnforcementCodes.Parking, October.EndInstant, true, 1, false));
        await db.SaveChangesAsync();

        var start = October.StartInstant;
        var end = October.EndInstant;
        var inOctober = await db.EnforcementActions.Where(e => e.OccurredAt >= start && e.OccurredAt < end)
            .OrderBy(e => e.OccurredAt).Select(e => e.ExternalId).ToListAsync();

        inOctober.Should().Equal("E-OCT-FIRST", "E-OCT-LAST");
    }

    [Fact]
    public async Task A_run_with_results_outcomes_and_appeals_round_trips_including_its_explanations()
    {
        await using (var db = await Database.CreateMigratedContextAsync())
        {
            await SeedOfficerAsync(db);
            var assessment = PeriodAssessment.Open(October, 12, October.EndInstant.AddHours(2));
            var run = EvaluationRun.Queue(October, [new SchemeVersion("officer-monthly", "ab12")], October.EndInstant.AddHours(2), October.EndInstant.AddHours(2), assessmentId: assessment.Id);
            run.Start("node-a", October.EndInstant.AddHours(3));
            run.Complete(October.EndInstant.AddHours(4));
            assessment.Adopt(run, null);
            db.PeriodAssessments.Add(assessment);
            db.EvaluationRuns.Add(run);
            db.OfficerResults.Add(new OfficerResult(run.Id, 1, "J000001", PersonnelKind.Officer, PostType.Road, 12, 87.5, "合格", Standing.Of(3, 10), false,
                [new CategorySubtotal("attendance", -2.5)],
                [new RuleLine("LateArrival", "迟到", "attendance", -2.5, """{"lateCount":2}""", [101, 102])]));
            var outcome = Outcome.Propose(assessment.Id, run.Id, OutcomeKind.Interview, SubjectKind.Officer, 1, "月度考核低于80分", October.EndInstant.AddHours(4), InterviewLevel.Squad);
            outcome.Approve("大队长", October.EndInstant.AddHours(5));
            db.Outcomes.Add(outcome);
            await db.SaveChangesAsync();
        }

        await using (var db = Database.CreateContext())
        {
            var run = await db.EvaluationRuns.SingleAsync();
            run.Schemes.Should().ContainSingle().Which.Should().Be(new SchemeVersion("officer-monthly", "ab12"));
            run.Status.Should().Be(RunStatus.Completed);
            run.Period.Should().Be(October);
            var result = await db.OfficerResults.SingleAsync();
            result.Lines.Should().ContainSingle();
            var line = result.Lines.Single();
            line.EvidenceIds.Should().Equal(101, 102);
            line.ParametersJson.Should().Be("""{"lateCount":2}""");
            result.Subtotals.Should().Equal(new CategorySubtotal("attendance", -2.5));
            result.Percentile.Should().BeApproximately(77.78, 0.01);
            var outcome = await db.Outcomes.SingleAsync();
            outcome.Level.Should().Be(InterviewLevel.Squad);
            outcome.Status.Should().Be(OutcomeStatus.Approved);
            outcome.IdentityKey.Should().Be("officer:1:interview:squad");
            outcome.History.Select(e => (e.Action, e.RunId)).Should().Equal(("Proposed", run.Id), ("Approved", (Guid?)null));
            outcome.History[1].At.Should().Be(October.EndInstant.AddHours(5));
            var assessment = await db.PeriodAssessments.SingleAsync();
            assessment.CurrentRunId.Should().Be(run.Id);
            assessment.Publication.Should().Be(PublicationState.Draft);
        }
    }

    [Fact]
    public async Task The_demo_seed_writes_exactly_what_the_generator_produces()
    {
        var options = new DemoOptions { Seed = 11, Brigades = 1, SquadsPerBrigade = 2, OfficersPerSquad = 5, AuxiliariesPerSquad = 2, Period = October };
        var expected = DemoGenerator.StreamFacts(DemoGenerator.CreateOrganization(options)).ToList();

        await using var db = await Database.CreateMigratedContextAsync();
        var report = await new DemoSeeder(db).SeedAsync(options, [October]);

        report.Officers.Should().Be(14);
        (await db.Units.CountAsync()).Should().Be(4);
        (await db.Officers.CountAsync()).Should().Be(14);
        (await db.EnforcementActions.CountAsync()).Should().Be(expected.Sum(f => f.Enforcements.Count));
        (await db.Cases.CountAsync()).Should().Be(expected.Sum(f => f.Cases.Count));
        (await db.AttendanceDays.CountAsync()).Should().Be(expected.Sum(f => f.Attendance.Count));
        (await db.Shifts.CountAsync()).Should().Be(expected.Sum(f => f.Shifts.Count));
        (await db.Complaints.CountAsync()).Should().Be(expected.Sum(f => f.Complaints.Count));
        var footage = await db.EnforcementActions.CountAsync(e => e.HasFootage);
        footage.Should().Be(expected.Sum(f => f.Enforcements.Count(e => e.HasFootage)));
        report.TotalFactRows.Should().Be(expected.Sum(f => f.RowCount) + DemoGenerator.UnitIndicators(DemoGenerator.CreateOrganization(options)).Count());
    }

    [Fact]
    public async Task A_settled_seed_leaves_every_fact_table_analysed_and_vacuumed()
    {
        var options = new DemoOptions { Seed = 12, Brigades = 1, SquadsPerBrigade = 2, OfficersPerSquad = 5, AuxiliariesPerSquad = 2, Period = October };
        await using var db = await Database.CreateMigratedContextAsync();
        var seeder = new DemoSeeder(db);
        await seeder.SeedAsync(options, [October]);

        await seeder.SettleAsync();

        string[] filled = ["enforcement_actions", "cases", "attendance_days", "shifts", "complaints"];
        if (Provider == DatabaseProvider.Postgres)
        {
            // ANALYZE sets the row estimate (-1 when never analysed); both commands count themselves in the table's statistics.
            var tables = await db.Database.SqlQueryRaw<Settled>(
                "SELECT c.relname AS \"Table\", c.reltuples::bigint AS \"Rows\", s.vacuum_count AS \"Vacuums\", s.analyze_count AS \"Analyses\" FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname = ANY({0})",
                [filled]).ToListAsync();
            tables.Select(t => t.Table).Should().BeEquivalentTo(filled);
            tables.Should().OnlyContain(t => t.Rows > 0 && t.Vacuums > 0 && t.Analyses > 0);
        }
        else
        {
            var analysed = await db.Database.SqlQueryRaw<string>("SELECT DISTINCT tbl AS Value FROM sqlite_stat1").ToListAsync();
            analysed.Should().Contain(filled);
        }
    }

    private sealed record Settled(string Table, long Rows, long Vacuums, long Analyses);

    [Fact]
    public async Task A_bulk_insert_that_fails_midway_inside_a_transaction_leaves_nothing()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await SeedOfficerAsync(db);
        var rows = Enumerable.Range(0, 1000)
            .Select(i => new EnforcementAction(0, 1, i == 700 ? "DUPLICATE" : i == 900 ? "DUPLICATE" : $"E-{i}", EnforcementCodes.Helmet, At, true, 1, false));

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var act = () => new BulkInserter(db).InsertAsync(rows);
            await act.Should().ThrowAsync<Exception>();
        }

        await using var fresh = Database.CreateContext();
        (await fresh.EnforcementActions.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Bulk_inserted_rows_read_back_like_rows_saved_through_the_model()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await SeedOfficerAsync(db);
        var row = new EnforcementAction(0, 1, "E-BULK", EnforcementCodes.DrunkSevere, At, hasFootage: false, uploadDelayHours: null, penaltyIssued: true);

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            (await new BulkInserter(db).InsertAsync([row])).Should().Be(1);
            await transaction.CommitAsync();
        }

        await using var fresh = Database.CreateContext();
        var read = await fresh.EnforcementActions.SingleAsync();
        read.Should().BeEquivalentTo(row, o => o.Excluding(e => e.Id));
        read.OccurredAt.Offset.Should().Be(TimeSpan.FromHours(8));
    }

    private static (Unit Detachment, Unit Brigade, Unit Squad) Units()
    {
        var detachment = Unit.Detachment(10, "D01", "示范支队");
        var brigade = Unit.Brigade(11, "B01", "一大队", detachment);
        var squad = Unit.Squad(12, "B01-S01", "一中队", brigade);
        return (detachment, brigade, squad);
    }

    private static async Task SeedOfficerAsync(AssessmentDbContext db)
    {
        var (detachment, brigade, squad) = Units();
        db.Units.AddRange(detachment, brigade, squad);
        db.Officers.Add(Officer.Sworn(1, "J000001", "张伟", PostType.Road, squad, new DateOnly(2020, 1, 1)));
        await db.SaveChangesAsync();
    }
}

public sealed class PersistenceTestsOnSqlite : PersistenceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PersistenceTestsOnPostgres : PersistenceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
