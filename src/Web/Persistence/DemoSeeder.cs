using System.Diagnostics;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Periods;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Persistence;

/// <summary>What a seed wrote and how fast.</summary>
public sealed record SeedReport(int Units, int Officers, IReadOnlyDictionary<string, long> FactRows, TimeSpan Elapsed)
{
    public long TotalFactRows => FactRows.Values.Sum();

    public double FactRowsPerSecond => Elapsed.TotalSeconds > 0 ? TotalFactRows / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Writes a generated detachment and its months of facts in one transaction (all or nothing), streaming the
/// facts officer by officer through <see cref="BulkInserter"/> so that 100,000 officers never sit in memory.
/// </summary>
public sealed class DemoSeeder(AssessmentDbContext db)
{
    private const int FlushAtRows = 50_000;

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default) =>
        !await db.Units.AnyAsync(cancellationToken);

    public async Task<SeedReport> SeedAsync(DemoOptions options, IReadOnlyList<AssessmentPeriod> months, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(months);
        var watch = Stopwatch.StartNew();
        var bulk = new BulkInserter(db);
        var organization = DemoGenerator.CreateOrganization(options with { Period = months.Count > 0 ? months[0] : options.Period });
        var buffer = new FactBuffer(bulk);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deferred = await DeferSecondaryIndexesAsync(cancellationToken);
        await bulk.InsertAsync(organization.Units, cancellationToken);
        await bulk.InsertAsync(organization.Officers.OrderBy(o => o.SupervisorId is null ? 0 : 1).ThenBy(o => o.Id), cancellationToken);

        // Each month's stream repeats the complaints of the two months before it (the 90-day rules need them).
        var complaintsSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var month in months.Distinct().Order())
        {
            var monthOrganization = DemoGenerator.CreateOrganization(options with { Period = month });
            foreach (var facts in DemoGenerator.StreamFacts(monthOrganization))
            {
                buffer.Add(facts, complaintsSeen);
                if (buffer.Rows >= FlushAtRows)
                    await buffer.FlushAsync(cancellationToken);
            }
            buffer.Indicators.AddRange(DemoGenerator.UnitIndicators(monthOrganization));
        }
        await buffer.FlushAsync(cancellationToken);
        foreach (var definition in deferred)
            await db.Database.ExecuteSqlRawAsync(definition, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        watch.Stop();
        return new SeedReport(organization.Units.Count(), organization.Officers.Count, buffer.Written, watch.Elapsed);
    }

    /// <summary>The fact tables the seed fills: their indexes are deferred and they are settled afterwards.</summary>
    private static readonly string[] FactTables =
        ["enforcement_actions", "cases", "attendance_days", "shifts", "discipline_incidents", "complaints", "commendations", "training_results", "imported_indicators", "manual_adjustments"];

    /// <summary>
    /// Leaves freshly seeded fact tables as a month of ingestion would: vacuumed (visibility and hint bits set) and
    /// analysed (planner statistics). Without it the first evaluation after a bulk seed pays PostgreSQL's first-read
    /// work and races autovacuum, which a production month end never does (docs/adr/0036). Outside any transaction.
    /// </summary>
    public async Task<TimeSpan> SettleAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        // The table names are this class's constants, not user input.
        var statement = db.IsSqlite ? "ANALYZE" : "VACUUM (ANALYZE) " + string.Join(", ", FactTables);
        await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
        return watch.Elapsed;
    }

    /// <summary>
    /// The seed only writes into empty tables, so on PostgreSQL it drops the fact tables' secondary indexes inside
    /// its transaction and builds them again at the end: one sorted build is much cheaper than millions of inserts.
    /// </summary>
    private async Task<IReadOnlyList<string>> DeferSecondaryIndexesAsync(CancellationToken cancellationToken)
    {
        if (db.IsSqlite)
            return [];
        var definitions = await db.Database.SqlQueryRaw<string>(
            """
            SELECT indexdef AS "Value" FROM pg_indexes
            WHERE schemaname = current_schema() AND indexname LIKE 'ix\_%'
              AND tablename = ANY({0})
            ORDER BY indexname
            """, [FactTables]).ToListAsync(cancellationToken);
        foreach (var definition in definitions)
        {
            var name = definition.Split(' ')[definition.StartsWith("CREATE UNIQUE", StringComparison.Ordinal) ? 3 : 2];
            // The name comes from pg_indexes, not from user input.
            var drop = "DROP INDEX " + name;
            await db.Database.ExecuteSqlRawAsync(drop, cancellationToken);
        }
        return definitions;
    }

    private sealed class FactBuffer(BulkInserter bulk)
    {
        public List<EnforcementAction> Enforcements { get; } = [];
        public List<Case> Cases { get; } = [];
        public List<AttendanceDay> Attendance { get; } = [];
        public List<Shift> Shifts { get; } = [];
        public List<DisciplineIncident> Incidents { get; } = [];
        public List<Complaint> Complaints { get; } = [];
        public List<Commendation> Commendations { get; } = [];
        public List<TrainingResult> Trainings { get; } = [];
        public List<ImportedIndicator> Indicators { get; } = [];
        public List<ManualAdjustment> Adjustments { get; } = [];

        public Dictionary<string, long> Written { get; } = new(StringComparer.Ordinal);

        public int Rows { get; private set; }

        public void Add(OfficerFacts facts, HashSet<string> complaintsSeen)
        {
            Enforcements.AddRange(facts.Enforcements);
            Cases.AddRange(facts.Cases);
            Attendance.AddRange(facts.Attendance);
            Shifts.AddRange(facts.Shifts);
            Incidents.AddRange(facts.Incidents);
            foreach (var complaint in facts.Complaints)
            {
                if (complaintsSeen.Add(complaint.ExternalId))
                    Complaints.Add(complaint);
            }
            Commendations.AddRange(facts.Commendations);
            Trainings.AddRange(facts.Trainings);
            Indicators.AddRange(facts.Indicators);
            Adjustments.AddRange(facts.Adjustments);
            Rows += facts.RowCount;
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            await WriteAsync("enforcement_actions", Enforcements, cancellationToken);
            await WriteAsync("cases", Cases, cancellationToken);
            await WriteAsync("attendance_days", Attendance, cancellationToken);
            await WriteAsync("shifts", Shifts, cancellationToken);
            await WriteAsync("discipline_incidents", Incidents, cancellationToken);
            await WriteAsync("complaints", Complaints, cancellationToken);
            await WriteAsync("commendations", Commendations, cancellationToken);
            await WriteAsync("training_results", Trainings, cancellationToken);
            await WriteAsync("imported_indicators", Indicators, cancellationToken);
            await WriteAsync("manual_adjustments", Adjustments, cancellationToken);
            Rows = 0;
        }

        private async Task WriteAsync<T>(string table, List<T> rows, CancellationToken cancellationToken)
            where T : class
        {
            if (rows.Count == 0)
                return;
            var count = await bulk.InsertAsync(rows, cancellationToken);
            Written[table] = Written.GetValueOrDefault(table) + count;
            rows.Clear();
        }
    }
}

/// <summary>
/// What the features add to a demo detachment seeded on a first start (its evaluated history, its accounts), called once
/// right after the seed; Persistence knows only this seam.
/// </summary>
public interface IDemoCompletion
{
    Task CompleteAsync(WebApplication app, IServiceProvider services, IReadOnlyList<AssessmentPeriod> months, string dataDirectory, CancellationToken cancellationToken);
}
