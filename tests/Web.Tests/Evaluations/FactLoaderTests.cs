using System.Text.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Demo;
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
/// The loader reads facts beside EF (binary COPY on PostgreSQL, a data reader on SQLite) straight into the views the
/// schemes read: every view must equal what <see cref="OfficerMonthProjection"/> makes of the facts EF materialises
/// (values, local times, filters, derived counts, order per officer), with the run's cut-off, and parts scored in
/// parallel must store what parts scored one at a time store.
/// </summary>
public abstract class FactLoaderTests : DatabaseTestBase
{
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    private static readonly DemoOptions Detachment = new() { Brigades = 3, SquadsPerBrigade = 2, OfficersPerSquad = 6, AuxiliariesPerSquad = 2, Period = October };
    private static readonly DateTimeOffset Early = new(2026, 10, 3, 8, 17, 3, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Late = new(2026, 10, 26, 15, 41, 7, TimeSpan.FromHours(8));
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Converters = { new PeriodAsKey() } };

    [Fact]
    public async Task Every_view_read_from_the_rows_equals_the_projection_of_the_facts_EF_reads_within_the_cut_off()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await new DemoSeeder(db).SeedAsync(Detachment, [October.Previous, October]);
        var loader = new FactLoader(db);
        var cutOff = await loader.WatermarksAsync();
        await AddEveryStateAsync(db);
        await AddEdgeRowsAsync(db);
        db.ChangeTracker.Clear();

        var brigades = await loader.BrigadesAsync();
        brigades.Should().HaveCount(3);
        var (rows, rowsBeforeCutOff) = (0L, 0L);
        foreach (var brigade in brigades)
        {
            var loaded = await loader.LoadAsync(brigade, October);
            Snapshot(loaded).Should().Be(Snapshot(ProjectedBrigade.Of(await ReferenceAsync(db, brigade, October, null), October)), $"brigade {brigade.Code} reads every fact stored now");
            rows += loaded.RowCount;
            var cut = await loader.LoadAsync(brigade, October, cutOff);
            Snapshot(cut).Should().Be(Snapshot(ProjectedBrigade.Of(await ReferenceAsync(db, brigade, October, cutOff), October)), $"brigade {brigade.Code} reads only facts stored before the cut-off");
            rowsBeforeCutOff += cut.RowCount;
        }
        rows.Should().BeGreaterThan(1000, "the generated month has facts of every kind");
        (rows - rowsBeforeCutOff).Should().Be(33, "the 34 rows of roster officers in the period or its complaint window added after the cut-off but the indicator of September are read without it and left out with it");
    }

    [Fact]
    public async Task Edge_rows_reach_the_views_as_the_projection_shows_them()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await new DemoSeeder(db).SeedAsync(Detachment, [October]);
        var (officer, departed) = await AddEdgeRowsAsync(db);
        db.ChangeTracker.Clear();
        var loader = new FactLoader(db);

        var month = await loader.LoadAsync((await loader.BrigadesAsync())[0], October);

        month.Officers.Should().NotContain(o => o.Officer.Id == departed, "an officer who left before the period is not on its roster");
        var view = month.Officers.Single(o => o.Officer.Id == officer).Month;
        view.Enforcements.Where(e => e.Code == "edge").Select(e => e.UploadDelayHours).Should().Equal([2.5, 0], "the early one has a delay, the late one none (NULL)");
        view.Enforcements.Select(e => (e.At, e.Id)).Should().BeInAscendingOrder();
        view.Cases.Where(c => c.AcceptedAt == Early.DateTime || c.AcceptedAt == Late.DateTime).Select(c => c.ClosedAt).Should().Equal([new DateTime(2026, 10, 20, 9, 30, 0), null], "the early case closed, the late one is open (NULL)");
        view.Cases.Select(c => (c.AcceptedAt, c.Id)).Should().BeInAscendingOrder();
        view.Attendance.Select(a => (a.Day, a.Id)).Should().BeInAscendingOrder();
        view.Shifts.Select(s => (s.Start, s.Id)).Should().BeInAscendingOrder();
        view.Incidents.Should().NotContain(i => i.Code == "edge_dismissed").And.Contain(i => i.Code == "edge");
        view.Commendations.Select(c => (c.At, c.Id)).Should().BeInAscendingOrder();
        view.Trainings.Where(t => t.Name.StartsWith("edge", StringComparison.Ordinal)).Select(t => t.Name).Should().Equal("edge-early", "edge-late");
        view.Complaints.Should().OnlyContain(c => c.At >= October.Start, "a complaint 80 days before the period's end is counted, not listed");
        view.Complaints90Days.Should().BeGreaterThanOrEqualTo(1);
        view.UnverifiedComplaints90Days.Should().BeGreaterThanOrEqualTo(1);
        view.DutyHours.Should().Be(view.Shifts.Sum(s => s.Hours));
        Snapshot(month).Should().Be(Snapshot(ProjectedBrigade.Of(await ReferenceAsync(db, month.Brigade, October, null), October)));
    }

    [Fact]
    public async Task Parts_scored_in_parallel_store_exactly_what_parts_scored_one_at_a_time_store()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await new DemoSeeder(db).SeedAsync(Detachment, [October.Previous, October]);
        var catalog = new SchemeCatalog(new RuleEngine());
        await ShippedSchemes.ImportAsync(db, catalog, DateTimeOffset.UtcNow);

        var oneAtATime = await Service(db, catalog, 1).EvaluateAsync(October, "node-a");
        db.ChangeTracker.Clear();
        var expected = await StoredResults.SnapshotAsync(db, oneAtATime.Id);
        var parallel = await Service(db, catalog, 3).EvaluateAsync(October, "node-b");

        parallel.Status.Should().Be(RunStatus.Completed);
        parallel.Statistics!.Officers.Should().Be(36);
        (await db.RunParts.AsNoTracking().Where(p => p.RunId == parallel.Id).Select(p => p.Status).ToListAsync()).Should().HaveCount(3).And.OnlyContain(s => s == RunPartStatus.Done);
        var snapshot = await StoredResults.SnapshotAsync(db, parallel.Id);
        snapshot.Should().Contain("\"Lines\"", "the hash covers every stored line");
        Hash(snapshot).Should().Be(Hash(expected));
    }

    [Fact]
    public async Task Repeated_codes_of_a_brigade_are_read_as_one_instance_each()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await new DemoSeeder(db).SeedAsync(Detachment, [October]);
        var loader = new FactLoader(db);

        var month = await loader.LoadAsync((await loader.BrigadesAsync())[0], October);

        var attendance = month.Officers.SelectMany(o => o.Month.Attendance).Select(a => a.Status).ToList();
        var posts = month.Officers.SelectMany(o => o.Month.Shifts).Select(s => s.Post).ToList();
        var codes = month.Officers.SelectMany(o => o.Month.Enforcements).Select(e => e.Code).ToList();
        attendance.Should().HaveCountGreaterThan(100);
        posts.Should().HaveCountGreaterThan(100);
        codes.Should().HaveCountGreaterThan(10);
        Instances(attendance).Should().Be(attendance.Distinct(StringComparer.Ordinal).Count(), "each attendance status is held once per brigade");
        Instances(posts).Should().Be(posts.Distinct(StringComparer.Ordinal).Count(), "each shift post is held once per brigade");
        Instances(codes).Should().Be(codes.Distinct(StringComparer.Ordinal).Count(), "each enforcement code is held once per brigade");
    }

    [Fact]
    public async Task Facts_stored_out_of_time_order_are_read_by_time_then_id()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await new DemoSeeder(db).SeedAsync(Detachment, [October]);
        var loader = new FactLoader(db);
        var brigade = (await loader.BrigadesAsync())[0];
        var officer = (await loader.LoadAsync(brigade, October)).Officers[0].Officer.Id;
        var (early, late) = (October.StartInstant.AddHours(1), October.EndInstant.AddHours(-1));
        // Stored late first, then two at the same early instant: ids ascend in storing order.
        EnforcementAction[] enforcements =
        [
            new(0, officer, "o-enforcement-1", "speeding", late, true, null, false),
            new(0, officer, "o-enforcement-2", "speeding", early, true, null, false),
            new(0, officer, "o-enforcement-3", "parking", early, true, null, false),
        ];
        Shift[] shifts = [new(0, officer, "o-shift-1", "road", late, 8, true, false), new(0, officer, "o-shift-2", "road", early, 8, true, false)];
        Commendation[] commendations = [new(0, officer, "o-commendation-1", "letter", late), new(0, officer, "o-commendation-2", "letter", early)];
        db.AddRange(enforcements);
        db.AddRange(shifts);
        db.AddRange(commendations);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var month = (await loader.LoadAsync(brigade, October)).Officers.Single(o => o.Officer.Id == officer).Month;

        long[] Ids(IEnumerable<long> all, IEnumerable<long> ours) => [.. all.Where(ours.Contains)];
        Ids(month.Enforcements.Select(e => e.Id), enforcements.Select(e => e.Id)).Should().Equal(enforcements[1].Id, enforcements[2].Id, enforcements[0].Id);
        Ids(month.Shifts.Select(s => s.Id), shifts.Select(s => s.Id)).Should().Equal(shifts[1].Id, shifts[0].Id);
        Ids(month.Commendations.Select(c => c.Id), commendations.Select(c => c.Id)).Should().Equal(commendations[1].Id, commendations[0].Id);
        month.Enforcements.Select(e => (e.At, e.Id)).Should().BeInAscendingOrder(Comparer<(DateTime At, long Id)>.Create((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Id.CompareTo(b.Id)));
        month.Shifts.Select(s => s.Start).Should().BeInAscendingOrder();
        month.Attendance.Select(a => a.Day).Should().BeInAscendingOrder();
    }

    private static int Instances(IEnumerable<string> texts) => texts.Distinct(ReferenceEqualityComparer.Instance).Count();

    private static EvaluationService Service(AssessmentDbContext db, SchemeCatalog catalog, int parallelParts) =>
        new(db, catalog, TimeProvider.System, Options.Create(new LinkedLiabilityOptions()), NullLogger<EvaluationService>.Instance,
            evaluation: Options.Create(new EvaluationOptions { ParallelParts = parallelParts }));

    /// <summary>Facts in every state the loader restores, stored after the cut-off: verified, dismissed, unfounded, closed, nulls.</summary>
    private static async Task AddEveryStateAsync(AssessmentDbContext db)
    {
        var officers = await db.Officers.AsNoTracking().Where(o => o.LeftOn == null && o.JoinedOn <= October.FirstDay).OrderBy(o => o.Id).ToListAsync();
        var squad = await db.Units.AsNoTracking().Where(u => u.Kind == UnitKind.Squad).OrderBy(u => u.Id).FirstAsync();
        var at = October.StartInstant.AddDays(3).AddHours(9.5);
        var (first, second) = (officers[0].Id, officers[^1].Id);
        var verified = new Complaint(0, first, "t-complaint-1", at);
        verified.Verify("属实");
        var unfounded = new Complaint(0, second, "t-complaint-2", at.AddDays(-40));
        unfounded.MarkUnfounded("不属实");
        var open = new Complaint(0, second, "t-complaint-3", at.AddHours(1));
        var confirmed = new DisciplineIncident(0, first, "t-incident-1", "off_post", at);
        confirmed.Verify();
        var dismissed = new DisciplineIncident(0, second, "t-incident-2", "off_post", at);
        dismissed.Dismiss("误报");
        db.AddRange(verified, unfounded, open, confirmed, dismissed);
        db.AddRange(
            new EnforcementAction(0, first, "t-enforcement-1", "speeding", at, true, 1.5, true, "决定书-1"),
            new EnforcementAction(0, first, "t-enforcement-2", "speeding", at, false, null, false),
            new Case(0, second, "t-case-1", CaseKinds.Admin, at.AddDays(-30), at.AddDays(-10), at),
            new Case(0, second, "t-case-2", CaseKinds.Criminal, at, at.AddDays(30)),
            new AttendanceDay(0, first, "t-attendance-1", new DateOnly(2026, 10, 31), AttendanceStatuses.Late, 12),
            new Shift(0, first, "t-shift-1", "road", at, 7.75, false, true),
            new Commendation(0, second, "t-commendation-1", "letter", at),
            new TrainingResult(0, second, "t-training-1", "射击", at, 88.5, true),
            ImportedIndicator.ForOfficer(0, "t-indicator-1", first, October, "satisfaction", 97.25, at),
            ImportedIndicator.ForUnit(0, "t-indicator-2", squad.Id, October, "satisfaction", 91.5, at),
            ImportedIndicator.ForOfficer(0, "t-indicator-3", first, October.Previous, "satisfaction", 12, at),
            new ManualAdjustment(0, "t-adjustment-1", first, October, "Lateness", 2.5, "申诉成立", "reviewer", at, Guid.NewGuid()),
            new ManualAdjustment(0, "t-adjustment-2", second, October, "Lateness", -1, "复核", "reviewer", at));
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Rows that test the direct path's edges, stored after the cut-off: nulls, every kind stored late-then-early, a
    /// dismissed incident, complaints 80 days before the period's end (in the 90-day window) and before its start (not),
    /// and facts of an officer who left before the period and of an officer id nobody has. Returns (officer, departed).
    /// </summary>
    private static async Task<(long Officer, long Departed)> AddEdgeRowsAsync(AssessmentDbContext db)
    {
        var brigade = await db.Units.AsNoTracking().Where(u => u.Kind == UnitKind.Brigade).OrderBy(u => u.Code).FirstAsync();
        var squad = await db.Units.AsNoTracking().Where(u => u.ParentId == brigade.Id).OrderBy(u => u.Code).FirstAsync();
        var officer = (await db.Officers.AsNoTracking().Where(o => o.SquadId == squad.Id && o.LeftOn == null && o.JoinedOn <= October.FirstDay).OrderBy(o => o.Id).FirstAsync()).Id;
        var departed = Officer.Sworn(await db.Officers.MaxAsync(o => o.Id) + 1000, "J-EDGE", "离队", PostType.Road, squad, new DateOnly(2020, 1, 1));
        departed.Leave(October.FirstDay);
        db.Officers.Add(departed);
        var (early, late, end) = (Early, Late, October.EndInstant);
        var dismissed = new DisciplineIncident(0, officer, "e-incident-2", "edge_dismissed", early);
        dismissed.Dismiss("误报");
        var window = new Complaint(0, officer, "e-complaint-1", end.AddDays(-80));
        window.Verify("属实");
        db.AddRange(
            new EnforcementAction(0, officer, "e-enforcement-1", "edge", late, false, null, false),
            new EnforcementAction(0, officer, "e-enforcement-2", "edge", early, true, 2.5, true, "决定书-2"),
            new Case(0, officer, "e-case-1", CaseKinds.Accident, late, late.AddDays(10)),
            new Case(0, officer, "e-case-2", CaseKinds.Accident, early, early.AddDays(5), October.StartInstant.AddDays(19).AddHours(9.5)),
            new AttendanceDay(0, officer, "e-attendance-1", new DateOnly(2026, 10, 30), AttendanceStatuses.Late, 3),
            new AttendanceDay(0, officer, "e-attendance-2", new DateOnly(2026, 10, 2), AttendanceStatuses.Late, 4),
            new Shift(0, officer, "e-shift-1", "road", late, 0.1, true, false),
            new Shift(0, officer, "e-shift-2", "road", early, 0.2, false, true),
            new DisciplineIncident(0, officer, "e-incident-1", "edge", late),
            dismissed,
            new Complaint(0, officer, "e-complaint-2", late),
            window,
            new Complaint(0, officer, "e-complaint-3", October.StartInstant.AddDays(-80)),
            new Commendation(0, officer, "e-commendation-1", "letter", late),
            new Commendation(0, officer, "e-commendation-2", "letter", early),
            new TrainingResult(0, officer, "e-training-1", "edge-late", late, 60, false),
            new TrainingResult(0, officer, "e-training-2", "edge-early", early, 70.5, true),
            new EnforcementAction(0, departed.Id, "e-enforcement-3", "edge", early, true, null, false),
            new Shift(0, 987_654_321, "e-shift-3", "road", early, 8, true, false));
        await db.SaveChangesAsync();
        return (officer, departed.Id);
    }

    /// <summary>The EF reading of domain facts, kept as the reference the loader's views must match after projection.</summary>
    private static async Task<BrigadeFacts> ReferenceAsync(AssessmentDbContext db, Unit brigade, AssessmentPeriod period, IReadOnlyCollection<FactWatermark>? watermarks)
    {
        long Max(string table) => watermarks?.FirstOrDefault(w => w.Fact == table)?.MaxId ?? long.MaxValue;
        var squads = await db.Units.AsNoTracking().Where(u => u.ParentId == brigade.Id && u.Kind == UnitKind.Squad).OrderBy(u => u.Code).ToListAsync();
        var squadIds = squads.Select(s => s.Id).ToList();
        var (firstDay, lastDay, start, end) = (period.FirstDay, period.LastDay, period.StartInstant, period.EndInstant);
        var officers = await db.Officers.AsNoTracking().Where(o => squadIds.Contains(o.SquadId) && o.JoinedOn <= lastDay && (o.LeftOn == null || o.LeftOn > firstDay)).OrderBy(o => o.Id).ToListAsync();
        var ids = officers.Select(o => o.Id).ToList();
        var byOfficer = officers.ToDictionary(o => o.Id, o => new OfficerFacts(o));
        var (me, mc, ma, ms, mi) = (Max("enforcement_actions"), Max("cases"), Max("attendance_days"), Max("shifts"), Max("discipline_incidents"));
        var (mp, mo, mt, mx, mj) = (Max("complaints"), Max("commendations"), Max("training_results"), Max("imported_indicators"), Max("manual_adjustments"));
        var since = end.AddDays(-90);
        Fill(byOfficer, await db.EnforcementActions.AsNoTracking().Where(f => f.Id <= me && ids.Contains(f.OfficerId) && f.OccurredAt >= start && f.OccurredAt < end).OrderBy(f => f.OccurredAt).ThenBy(f => f.Id).ToListAsync(), f => f.OfficerId, x => x.Enforcements);
        Fill(byOfficer, await db.Cases.AsNoTracking().Where(f => f.Id <= mc && ids.Contains(f.OfficerId) && f.AcceptedAt < end && (f.ClosedAt == null || f.ClosedAt >= start)).OrderBy(f => f.AcceptedAt).ThenBy(f => f.Id).ToListAsync(), f => f.OfficerId, x => x.Cases);
        Fill(byOfficer, await db.AttendanceDays.AsNoTracking().Where(f => f.Id <= ma && ids.Contains(f.OfficerId) && f.Day >= firstDay && f.Day <= lastDay).OrderBy(f => f.Day).ThenBy(f => f.Id).ToListAsync(), f => f.OfficerId, x => x.Attendance);
        Fill(byOfficer, await db.Shifts.AsNoTracking().Where(f => f.Id <= ms && ids.Contains(f.OfficerId) && f.Start >= start && f.Start < end).OrderBy(f => f.Start).ThenBy(f => f.Id).ToListAsync(), f => f.OfficerId, x => x.Shifts);
        Fill(byOfficer, await db.DisciplineIncidents.AsNoTracking().Where(f => f.Id <= mi && ids.Contains(f.OfficerId) && f.OccurredAt >= start && f.OccurredAt < end).OrderBy(f => f.OccurredAt).ThenBy(f => f.Id).ToListAsync(), f => f.OfficerId, x => x.Incidents);
        Fill(byOfficer, await db.Complaints.AsNoTracking().Where(f => f.Id <= mp && ids.Contains(f.OfficerId) && f.ReceivedAt >= since && f.ReceivedAt < end).OrderBy(f => f.ReceivedAt).ThenBy(f => f.Id).ToListAsync(), f => f.OfficerId, x => x.Complaints);
        Fill(byOfficer, await db.Commendations.AsNoTracking().Where(f => f.Id <= mo && ids.Contains(f.OfficerId) && f.AwardedAt >= start && f.AwardedAt < end).OrderBy(f => f.AwardedAt).ThenBy(f => f.Id).ToListAsync(), f => f.OfficerId, x => x.Commendations);
        Fill(byOfficer, await db.TrainingResults.AsNoTracking().Where(f => f.Id <= mt && ids.Contains(f.OfficerId) && f.TakenAt >= start && f.TakenAt < end).OrderBy(f => f.TakenAt).ThenBy(f => f.Id).ToListAsync(), f => f.OfficerId, x => x.Trainings);
        Fill(byOfficer, await db.ManualAdjustments.AsNoTracking().Where(f => f.Id <= mj && ids.Contains(f.OfficerId) && f.Period == period).OrderBy(f => f.Id).ToListAsync(), f => f.OfficerId, x => x.Adjustments);
        var indicators = await db.ImportedIndicators.AsNoTracking().Where(f => f.Id <= mx && f.Period == period && ((f.OfficerId != null && ids.Contains(f.OfficerId.Value)) || (f.UnitId != null && squadIds.Contains(f.UnitId.Value)))).OrderBy(f => f.Id).ToListAsync();
        Fill(byOfficer, indicators.Where(i => i.OfficerId is not null), f => f.OfficerId!.Value, x => x.Indicators);
        return new BrigadeFacts(brigade, squads, [.. byOfficer.Values], [.. indicators.Where(i => i.UnitId is not null)]);
    }

    private static void Fill<TFact>(Dictionary<long, OfficerFacts> byOfficer, IEnumerable<TFact> rows, Func<TFact, long> officerOf, Func<OfficerFacts, List<TFact>> list)
    {
        foreach (var row in rows)
        {
            if (byOfficer.TryGetValue(officerOf(row), out var facts))
                list(facts).Add(row);
        }
    }

    /// <summary>Every field of every view, the officers' order and the rows counted.</summary>
    private static string Snapshot(BrigadeMonth month) => JsonSerializer.Serialize(new
    {
        Squads = month.Squads.Select(s => s.Id),
        Officers = month.Officers.Select(o => new { o.Officer.Id, o.Month }),
        month.RowCount,
    }, Json);

    private sealed class PeriodAsKey : System.Text.Json.Serialization.JsonConverter<AssessmentPeriod>
    {
        public override AssessmentPeriod Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            AssessmentPeriod.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, AssessmentPeriod value, JsonSerializerOptions options) => writer.WriteStringValue(value.Key);
    }

    private static string Hash(string text) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}

public sealed class FactLoaderTestsOnSqlite : FactLoaderTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class FactLoaderTestsOnPostgres : FactLoaderTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    [Fact]
    public async Task The_plan_settings_the_loader_turns_off_are_restored_for_the_connections_next_user()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await new DemoSeeder(db).SeedAsync(new DemoOptions { Brigades = 1, SquadsPerBrigade = 1, OfficersPerSquad = 3, AuxiliariesPerSquad = 1, Period = AssessmentPeriod.Month(2026, 10) }, [AssessmentPeriod.Month(2026, 10)]);
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("SET jit = on; SET max_parallel_workers_per_gather = 3");
        var loader = new FactLoader(db);

        var month = await loader.LoadAsync((await loader.BrigadesAsync())[0], AssessmentPeriod.Month(2026, 10));

        month.RowCount.Should().BeGreaterThan(0);
        var settings = await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') || ' ' || current_setting('max_parallel_workers_per_gather') AS \"Value\"").SingleAsync();
        settings.Should().Be("on 3", "the loader turns JIT and parallel workers off while it reads, then puts back what the session had");
    }
}
