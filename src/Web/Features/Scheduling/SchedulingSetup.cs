using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// Hangfire on every node (docs/adr/0018-hangfire-scheduling.md): in memory on the embedded default, in schema
/// <c>hangfire</c> of the application's PostgreSQL database otherwise. The storage, job activator and filters are this
/// application's own services, not Hangfire's process-wide defaults, so that several applications in one process (the
/// tests) each keep their jobs.
/// </summary>
internal static class SchedulingSetup
{
    public const string SchemaName = "hangfire";
    public const string DashboardPath = "/hangfire";

    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(EvaluationScheduleOptions.Section);
        builder.Services.AddOptions<EvaluationScheduleOptions>().Bind(section);
        var settings = section.Get<EvaluationScheduleOptions>() ?? new EvaluationScheduleOptions();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var store = settings.StoreFor(database.Provider);
        var connectionString = database.ResolveConnectionString(builder.Environment.ContentRootPath);

        builder.Services.AddSingleton<JobStorage>(_ => store == JobStoreKind.Postgres
            ? new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, StorageOptions(settings)), StorageOptions(settings))
            : new InMemoryStorage(new InMemoryStorageOptions()));
        builder.Services.AddSingleton<JobActivator>(services => new Hangfire.AspNetCore.AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((services, configuration) =>
        {
            HangfireLogging.Use(services.GetRequiredService<ILoggerFactory>());
            configuration
            .UseLogProvider(HangfireLogging.Instance)
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
        });
        builder.Services.AddHangfireServer((services, server) =>
        {
            server.ServerName = settings.NodeName;
            server.Queues = JobQueues.All;
            server.WorkerCount = settings.MaxConcurrentJobs ?? (store == JobStoreKind.Memory ? 1 : 4);
            server.SchedulePollingInterval = settings.SchedulePollInterval;
            server.HeartbeatInterval = TimeSpan.FromSeconds(10);
            server.ServerTimeout = TimeSpan.FromMinutes(1);
            server.ServerCheckInterval = TimeSpan.FromSeconds(30);
            server.ShutdownTimeout = TimeSpan.FromSeconds(15);
        });
        builder.Services.AddScoped<RunDispatcher>();
        builder.Services.AddSingleton<SchedulerControl>();
        builder.Services.AddScoped<EvaluationSchedule>();
        builder.Services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler");
        return builder;
    }

    /// <summary>Sliding invisibility: a live node keeps its job hidden however long it runs; a dead node's job reappears after the timeout.</summary>
    private static PostgreSqlStorageOptions StorageOptions(EvaluationScheduleOptions settings) => new()
    {
        SchemaName = SchemaName,
        // The schema is installed at start-up under the migrator's advisory lock (see InstallSchema), not by each storage.
        PrepareSchemaIfNecessary = false,
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = settings.InvisibilityTimeout,
        QueuePollInterval = settings.QueuePollInterval,
        DistributedLockTimeout = TimeSpan.FromMinutes(1),
    };

    /// <summary>Creates or upgrades Hangfire's schema; the caller holds the migrator's advisory lock on <paramref name="connection"/>.</summary>
    public static void InstallSchema(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // A node joining a cluster whose schema this package version already installed skips the installer, which takes
        // locks that running nodes hold (a rejoining node once waited more than two minutes behind them).
        var package = typeof(PostgreSqlObjectsInstaller).Assembly.GetName().Version?.ToString() ?? "unknown";
        Execute(connection, "CREATE TABLE IF NOT EXISTS ae_hangfire_installs (package_version text PRIMARY KEY, installed_at timestamptz NOT NULL DEFAULT now())");
        using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM ae_hangfire_installs WHERE package_version = @package)", connection))
        {
            check.Parameters.AddWithValue("package", package);
            if (check.ExecuteScalar() is true)
                return;
        }
        PostgreSqlObjectsInstaller.Install(connection, SchemaName);
        using var record = new NpgsqlCommand("INSERT INTO ae_hangfire_installs (package_version) VALUES (@package) ON CONFLICT DO NOTHING", connection);
        record.Parameters.AddWithValue("package", package);
        record.ExecuteNonQuery();
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The dashboard behind the application's sign-in: administrators act, inspectors read, everyone else is refused
    /// (a browser without a session goes to the sign-in page). Its forms carry the antiforgery token; it speaks the page culture.
    /// </summary>
    public static IEndpointConventionBuilder MapSchedulerDashboard(this WebApplication app) =>
        app.MapHangfireDashboardWithNoAuthorizationFilters(DashboardPath, new DashboardOptions
        {
            AppPath = "/runs",
            DashboardTitle = "AssessmentEngine",
            DisplayStorageConnectionString = false,
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(nameof(Role.Admin)),
            DefaultRecordsPerPage = 20,
        }, app.Services.GetRequiredService<JobStorage>()).RequireRoles(Role.Admin, Role.Inspector);

    /// <summary>Hangfire's schema (PostgreSQL), then the recurring jobs, unfinished runs and catch-up; the caller holds the start-up lock.</summary>
    public static async Task InitializeSchedulerAsync(this WebApplication app, NpgsqlConnection? locked, CancellationToken cancellationToken = default)
    {
        // Hangfire's configuration (this app's logging among it) before any Hangfire type keeps a static logger.
        _ = app.Services.GetRequiredService<IGlobalConfiguration>();
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (app.Services.Settings().StoreFor(database.Provider) == JobStoreKind.Postgres)
            InstallSchema(locked ?? throw new InvalidOperationException("Hangfire's PostgreSQL store needs Database:Provider=Postgres."));
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EvaluationSchedule>().StartAsync(cancellationToken);
    }

    public static EvaluationScheduleOptions Settings(this IServiceProvider services) => services.GetRequiredService<IOptions<EvaluationScheduleOptions>>().Value;
}
