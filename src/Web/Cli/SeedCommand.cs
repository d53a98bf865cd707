using System.Globalization;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Cli;

/// <summary>
/// `seed [--provider sqlite|postgres] [--connection CS] [--officers N | --brigades B --squads S --sworn O --auxiliaries A]
///  [--months 2026-08,2026-09] [--seed N]`: migrates the database, writes a generated detachment with its facts and
/// prints rows and rows/s. With `--officers 100000` on PostgreSQL this is the ingestion benchmark of the foundation.
/// </summary>
internal static class SeedCommand
{
    public static async Task<int> RunAsync(CommandArguments arguments, TextWriter output)
    {
        var database = CommandDatabase.Resolve(arguments);
        var provider = database.Provider;
        var options = Options(arguments);
        var months = arguments.Value("--months") is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => AssessmentPeriod.Parse(m, CultureInfo.InvariantCulture)).ToList()
            : [options.Period];

        output.WriteLine($"database: {database}");
        var dbOptions = PersistenceSetup.Configure(new DbContextOptionsBuilder<AssessmentDbContext>(), provider, database.ConnectionString).Options;
        await using var db = new AssessmentDbContext(dbOptions);
        var migration = await new SchemaMigrator(provider).MigrateAsync(db);
        output.WriteLine($"schema: {provider} version {migration.ToVersion} ({migration.Applied.Count} applied)");
        var seeder = new DemoSeeder(db);
        if (!await seeder.IsEmptyAsync())
            throw new CommandException("The database already holds units; seed an empty database.");

        output.WriteLine($"seeding {options.OfficerCount:N0} officers ({options.Brigades} brigades × {options.SquadsPerBrigade} squads × {options.OfficersPerSquad}+{options.AuxiliariesPerSquad}), months {string.Join(", ", months)}, seed {options.Seed}");
        var report = await seeder.SeedAsync(options, months);
        var settled = await seeder.SettleAsync();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vacuumed and analysed the fact tables in {settled.TotalSeconds:F1} s"));
        foreach (var (table, rows) in report.FactRows.OrderByDescending(r => r.Value))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table,-22} {rows,12:N0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT seed provider={provider} officers={report.Officers} fact_rows={report.TotalFactRows} seconds={report.Elapsed.TotalSeconds:F2} rows_per_second={report.FactRowsPerSecond:F0}"));
        return 0;
    }

    private static DemoOptions Options(CommandArguments arguments)
    {
        var options = new DemoOptions { Seed = arguments.Int("--seed", new DemoOptions().Seed) };
        if (arguments.Value("--officers") is not null)
        {
            // 40 people a squad (28 sworn + 12 auxiliaries), 50 squads a brigade: 100,000 officers = 50 brigades.
            var officers = arguments.Int("--officers", 0);
            var squads = Math.Max(1, (int)Math.Ceiling(officers / 40.0));
            var perBrigade = Math.Min(50, squads);
            return options with { Brigades = (int)Math.Ceiling(squads / (double)perBrigade), SquadsPerBrigade = perBrigade, OfficersPerSquad = 28, AuxiliariesPerSquad = 12 };
        }
        return options with
        {
            Brigades = arguments.Int("--brigades", options.Brigades),
            SquadsPerBrigade = arguments.Int("--squads", options.SquadsPerBrigade),
            OfficersPerSquad = arguments.Int("--sworn", options.OfficersPerSquad),
            AuxiliariesPerSquad = arguments.Int("--auxiliaries", options.AuxiliariesPerSquad),
        };
    }
}
