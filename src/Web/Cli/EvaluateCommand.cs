using System.Diagnostics;
using System.Globalization;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Cli;

/// <summary>
/// `evaluate --period 2026-10 [--provider sqlite|postgres] [--connection CS]`: migrates the server's database (or the one
/// named, see <see cref="CommandDatabase"/>), imports the
/// shipped schemes it does not have, evaluates the period in this process (no scheduler) and prints a summary.
/// </summary>
internal static class EvaluateCommand
{
    public static async Task<int> RunAsync(CommandArguments arguments, TextWriter output)
    {
        var total = Stopwatch.StartNew();
        var database = CommandDatabase.Resolve(arguments);
        var periodText = arguments.Value("--period") ?? throw new CommandException("--period is required, e.g. --period 2026-10.");
        if (!AssessmentPeriod.TryParse(periodText, CultureInfo.InvariantCulture, out var period))
            throw new CommandException($"--period expects a month like 2026-10 or a quarter like 2026-Q4, got '{periodText}'.");

        output.WriteLine($"database: {database}");
        var dbOptions = PersistenceSetup.Configure(new DbContextOptionsBuilder<AssessmentDbContext>(), database.Provider, database.ConnectionString).Options;
        await using var db = new AssessmentDbContext(dbOptions);
        var migration = await new SchemaMigrator(database.Provider).MigrateAsync(db);
        // --engine and --cross-check as Rules:Engine and Rules:CrossCheck, so bench/evaluate.sh can measure the cross-check's cost.
        var engines = new SchemeEngines(new RuleEngineOptions { Engine = arguments.Enum("--engine", RuleEngineKind.Compiled), CrossCheck = arguments.Value("--cross-check") ?? new RuleEngineOptions().CrossCheck });
        var catalog = new SchemeCatalog(new RuleEngine(), engines);
        var imported = await ShippedSchemes.ImportAsync(db, catalog, DateTimeOffset.UtcNow);
        output.WriteLine($"schema: {database.Provider} version {migration.ToVersion}; shipped schemes imported: {imported.Count}");

        // --parallel-parts as Evaluation:ParallelParts (default: the cores).
        var parallel = new EvaluationOptions { ParallelParts = arguments.Int("--parallel-parts", Environment.ProcessorCount) };
        var evaluations = new EvaluationService(db, catalog, TimeProvider.System, Options.Create(new LinkedLiabilityOptions()), NullLogger<EvaluationService>.Instance, evaluation: Options.Create(parallel));
        EvaluationRun run;
        try
        {
            run = await evaluations.EvaluateAsync(period, $"{Environment.MachineName}-cli");
        }
        catch (Exception ex) when (ex is UnknownPeriodException or Domain.DomainException)
        {
            throw new CommandException(ex.Message);
        }
        db.ChangeTracker.Clear();
        await PrintAsync(db, run, output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total      {total.Elapsed.TotalSeconds,8:F2} s"));
        // What the process cost the garbage collector: the figures behind the GC setting (docs/adr/0035).
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gc: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {GC.GetTotalAllocatedBytes() / 1e9:F1} GB allocated, {GC.GetTotalPauseDuration().TotalSeconds:F1} s paused, collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
        return 0;
    }

    private static async Task PrintAsync(AssessmentDbContext db, EvaluationRun run, TextWriter output)
    {
        var stats = run.Statistics!;
        output.WriteLine($"run {run.Id} of {run.Period}: {run.Status}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"officers {stats.Officers:N0}  auxiliaries {stats.Auxiliaries:N0}  squads {stats.Squads:N0}  fact rows {stats.FactRows:N0}"));

        var grades = await db.OfficerResults.AsNoTracking().Where(r => r.RunId == run.Id)
            .GroupBy(r => new { r.Kind, r.Grade }).Select(g => new { g.Key.Kind, g.Key.Grade, Count = g.Count() }).ToListAsync();
        output.WriteLine("grades:");
        foreach (var g in grades.OrderBy(g => g.Kind).ThenByDescending(g => g.Count))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {g.Kind,-10} {g.Grade,-8} {g.Count,8:N0}"));

        var squads = await db.SquadResults.AsNoTracking().Where(s => s.RunId == run.Id).Select(s => new { s.SquadId, s.Score }).ToListAsync();
        var ids = squads.Select(s => s.SquadId).ToList();
        var names = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Code);
        var ranked = squads.OrderByDescending(s => s.Score).ThenBy(s => s.SquadId).ToList();
        output.WriteLine("top squads:    " + string.Join("  ", ranked.Take(3).Select(s => string.Create(CultureInfo.InvariantCulture, $"{names.GetValueOrDefault(s.SquadId)} {s.Score:F1}"))));
        output.WriteLine("bottom squads: " + string.Join("  ", ranked.TakeLast(3).Select(s => string.Create(CultureInfo.InvariantCulture, $"{names.GetValueOrDefault(s.SquadId)} {s.Score:F1}"))));

        var outcomes = await db.Outcomes.AsNoTracking().Where(o => o.RunId == run.Id)
            .GroupBy(o => new { o.Kind, o.Level }).Select(g => new { g.Key.Kind, g.Key.Level, Count = g.Count() }).ToListAsync();
        output.WriteLine("proposed outcomes:");
        foreach (var o in outcomes.OrderBy(o => o.Kind).ThenBy(o => o.Level))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {o.Kind,-14} {o.Level?.ToString() ?? "-",-12} {o.Count,8:N0}"));

        output.WriteLine("stages:");
        foreach (var (stage, seconds) in stats.StageSeconds)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {stage,-10} {seconds,8:F2} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT evaluate period={run.Period} officers={stats.Officers + stats.Auxiliaries} squads={stats.Squads} outcomes={stats.Outcomes} seconds={run.Duration?.TotalSeconds:F2}"));
    }
}
