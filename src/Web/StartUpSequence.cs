using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AssessmentEngine.Web;

/// <summary>
/// What a node does before it serves: migrations, the shipped schemes, the initial administrator, Hangfire's schema,
/// the recurring jobs and unfinished runs. On PostgreSQL all of it runs under the migrator's advisory lock, so that
/// nodes started together on an empty database take turns instead of racing to insert the same rows.
/// (Outside Persistence: it drives features, which the persistence layer may not use.)
/// </summary>
internal static class StartUpSequence
{
    public static async Task InitializeAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var held = options.Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(options.ResolveConnectionString(app.Environment.ContentRootPath))
            : null;
        if (held is not null)
        {
            await held.OpenAsync(cancellationToken);
            await ExecuteAsync(held, $"SELECT pg_advisory_lock({SchemaMigrator.AdvisoryLockKey})", cancellationToken);
        }
        try
        {
            await app.InitializeDatabaseAsync(migrationLockHeld: held is not null, cancellationToken);
            await app.ImportShippedSchemesAsync(cancellationToken);
            await app.EnsureInitialAdminAsync(cancellationToken);
            await app.InitializeSchedulerAsync(held, cancellationToken);
        }
        finally
        {
            if (held is { State: System.Data.ConnectionState.Open })
                await ExecuteAsync(held, $"SELECT pg_advisory_unlock({SchemaMigrator.AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // Waiting for the lock lasts as long as another node's start-up: no 30 s default.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
