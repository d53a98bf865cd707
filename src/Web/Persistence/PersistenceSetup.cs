using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Periods;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Persistence;

internal static class PersistenceSetup
{
    public static WebApplicationBuilder AddAssessmentPersistence(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().Bind(builder.Configuration.GetSection(DatabaseOptions.Section));
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = options.ResolveConnectionString(builder.Environment.ContentRootPath);
        // Interceptors registered as services join every context (tests inject database faults through this seam).
        builder.Services.AddDbContext<AssessmentDbContext>((services, db) =>
            Configure(db, options.Provider, connectionString).AddInterceptors(services.GetServices<IInterceptor>()));
        builder.Services.AddSingleton(new SchemaMigrator(options.Provider));
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static TBuilder Configure<TBuilder>(TBuilder db, DatabaseProvider provider, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        _ = provider switch
        {
            DatabaseProvider.Postgres => db.UseNpgsql(connectionString, o => o.CommandTimeout(600)),
            _ => db.UseSqlite(connectionString, o => o.CommandTimeout(600)),
        };
        return db;
    }

    /// <summary>Applies pending schema migrations, then seeds the demo detachment when asked and the database is empty.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        var migrator = scope.ServiceProvider.GetRequiredService<SchemaMigrator>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("AssessmentEngine.Database");
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var report = await migrator.MigrateAsync(db, cancellationToken);
        logger.LogInformation("Database {Provider}: schema version {From} -> {To} ({Count} migrations applied)",
            options.Provider, report.FromVersion, report.ToVersion, report.Applied.Count);
        // Write-ahead logging: readers no longer wait for a writer's commit. With the default rollback journal a read that
        // meets a commit sleeps in the busy-retry loop, which the real-time checks' steady audit writes made visible as
        // latencies of hundreds of milliseconds (docs/adr/0016). The mode is kept by the database file.
        if (options.Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL", cancellationToken);

        var seeder = new DemoSeeder(db);
        if (options.SeedDemoData && await seeder.IsEmptyAsync(cancellationToken))
        {
            // The demo covers the last complete months before today, so the newest one is ready to evaluate.
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            var months = new List<AssessmentPeriod>();
            for (var month = AssessmentPeriod.MonthContaining(now).Previous; months.Count < options.DemoMonths; month = month.Previous)
                months.Add(month);
            var seed = await seeder.SeedAsync(new DemoOptions(), months, cancellationToken);
            logger.LogInformation("Seeded the demo detachment: {Officers} officers, {Rows} fact rows for {Months} in {Seconds:F1} s",
                seed.Officers, seed.TotalFactRows, string.Join(", ", months), seed.Elapsed.TotalSeconds);
            var dataDirectory = Path.IsPathRooted(options.DataDirectory) ? options.DataDirectory : Path.Combine(app.Environment.ContentRootPath, options.DataDirectory);
            foreach (var completion in scope.ServiceProvider.GetServices<IDemoCompletion>())
                await completion.CompleteAsync(app, scope.ServiceProvider, months, dataDirectory, cancellationToken);
        }
    }
}
