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
/// The loader reads facts beside EF (binary COPY on PostgreSQL, a data reader on SQLite): every fact must come out as
/// EF materialises it (values, +08:00 instants, states, order per officer), with the run's cut-off, and parts scored in
/// parallel must store what parts scored one at a time store.
/// </summary>
public abstract class FactLoaderTests : DatabaseTestBase
{
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    private static readonly DemoOptions Detachment = new() { Brigades = 3, SquadsPerBrigade = 2, OfficersPerSquad = 6, AuxiliariesPerSquad = 2, Period = October };
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Converters = { new PeriodAsKey() } };

    [Fact]
    public async Task Every_kind_of_fact_is_read_as_EF_reads_it_in_the_same_order_and_within_the_cut_off()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await new DemoSeeder(db).SeedAsync(Detachment, [October.Previous, October]);
        var loader = new FactLoader(db);
        var cutOff = await loader.WatermarksAsync();
        await AddEveryStateAsync(db);
        db.ChangeTracker.Clear();

        var brigades = await loader.BrigadesAsync();
        brigades.Should().HaveCount(3);
        var (rows, rowsBeforeCutOff) = (0L, 0L);
        foreach (var brigade in brigades)
        {
            var loaded = await loader.LoadAsync(brigade, October);
            Snapshot(loaded).Should().Be(Snapshot(await ReferenceAsync(db, brigade, October, null)), $"brigade {brigade.Code} reads every fact stored now");
            rows += loaded.RowCount;
            var cut = await loader.LoadAsync(brigade, October, cutOff);
            Snapshot(cut).Should().Be(Snapshot(await ReferenceAsync(db, brigade, October, cutOff)), $"brigade {brigade.Code} reads only facts stored before the cut-off");
            rowsBeforeCutOff += cut.RowCount;
        }
        rows.Should().BeGreaterThan(1000, "the generated month has facts of every kind");
        (rows - rowsBeforeCutOff).Should().Be(17, "the 18 facts added after the cut-off but the indicator of September are read without it and left out with it");
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

        var facts = await loader.LoadAsync((await loader.BrigadesAsync())[0], October);

        var attendance = facts.Officers.SelectMany(o => o.Attendance).Select(a => a.Status).ToList();
        var posts = facts.Officers.SelectMany(o => o.Shifts).Select(s => s.Post).ToList();
        var codes = facts.Officers.SelectMany(o => o.Enforcements).Select(e => e.Code).ToList();
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
        db.AddRange(
            new EnforcementAction(0, officer, "o-enforcement-1", "speeding", late, true, null, false),
            new EnforcementAction(0, officer, "o-enforcement-2", "speeding", early, true, null, false),
            new EnforcementAction(0, officer, "o-enforcement-3", "parking", early, true, null, false));
        db.AddRange(
            new Shift(0, officer, "o-shift-1", "road", late, 8, true, false),
            new Shift(0, officer, "o-shift-2", "road", early, 8, true, false));
        db.AddRange(
            new Commendation(0, officer, "o-commendation-1", "letter", late),
            new Commendation(0, officer, "o-commendation-2", "letter", early));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var facts = (await loader.LoadAsync(brigade, October)).Officers.Single(o => o.Officer.Id == officer);

        var enforcements = facts.Enforcements.Where(e => e.ExternalId.StartsWith("o-", StringComparison.Ordinal)).Select(e => e.ExternalId);
        enforcements.Should().Equal("o-enforcement-2", "o-enforcement-3", "o-enforcement-1");
        facts.Shifts.Where(s => s.ExternalId.StartsWith("o-", StringComparison.Ordinal)).Select(s => s.ExternalId).Should().Equal("o-shift-2", "o-shift-1");
        facts.Commendations.Where(c => c.ExternalId.StartsWith("o-", StringComparison.Ordinal)).Select(c => c.ExternalId).Should().Equal("o-commendation-2", "o-commendation-1");
        facts.Enforcements.Select(e => (e.OccurredAt, e.Id)).Should().BeInAscendingOrder(Comparer<(DateTimeOffset At, long Id)>.Create((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Id.CompareTo(b.Id)));
        facts.Shifts.Select(s => s.Start).Should().BeInAscendingOrder();
        facts.Attendance.Select(a => a.Day).Should().BeInAscendingOrder();
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

    /// <summary>The EF reading the loader replaced, kept as the reference it must match.</summary>
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

    private static string Snapshot(BrigadeFacts facts) => JsonSerializer.Serialize(new
    {
        Squads = facts.Squads.Select(s => s.Id),
        Officers = facts.Officers.Select(o => new
        {
            o.Officer.Id,
            o.Enforcements,
            o.Cases,
            o.Attendance,
            o.Shifts,
            o.Incidents,
            o.Complaints,
            o.Commendations,
            o.Trainings,
            o.Indicators,
            o.Adjustments,
        }),
        facts.UnitIndicators,
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

        var facts = await loader.LoadAsync((await loader.BrigadesAsync())[0], AssessmentPeriod.Month(2026, 10));

        facts.RowCount.Should().BeGreaterThan(0);
        var settings = await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') || ' ' || current_setting('max_parallel_workers_per_gather') AS \"Value\"").SingleAsync();
        settings.Should().Be("on 3", "the loader turns JIT and parallel workers off while it reads, then puts back what the session had");
    }
}
