using System.Data;
using AssessmentEngine.Web.Persistence;
using Npgsql;
using Quartz;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// Creates Quartz's tables in the application's PostgreSQL database after our own migrations, under the migrator's
/// advisory lock: Quartz's own provisioning runs when each scheduler starts, and two nodes running
/// CREATE TABLE IF NOT EXISTS at the same moment can still collide in the catalog. Quartz then only validates.
/// </summary>
internal static class SchedulerSchema
{
    public const string TablePrefix = "qrtz_";
    private const string Script = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";
    private const string Separator = "--;;";

    public static async Task EnsureAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({SchemaMigrator.AdvisoryLockKey})", cancellationToken);
        try
        {
            foreach (var statement in Statements())
                await ExecuteAsync(connection, statement, cancellationToken);
        }
        finally
        {
            if (connection.State == ConnectionState.Open)
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({SchemaMigrator.AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>The create-if-missing script Quartz ships for its own provisioning, with our table prefix.</summary>
    private static List<string> Statements()
    {
        using var stream = typeof(IJob).Assembly.GetManifestResourceStream(Script)
            ?? throw new InvalidOperationException($"Quartz no longer embeds {Script}; check the schema step against the Quartz release notes.");
        using var reader = new StreamReader(stream);
        var statements = new List<string>();
        var current = new System.Text.StringBuilder();
        // Statements are separated by a line reading exactly "--;;"; whole-line comments are dropped.
        foreach (var line in reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.Trim() == Separator)
            {
                Flush();
                continue;
            }
            if (!line.TrimStart().StartsWith("--", StringComparison.Ordinal))
                current.AppendLine(line.Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal));
        }
        Flush();
        return statements;

        void Flush()
        {
            if (current.ToString().Trim() is { Length: > 0 } statement)
                statements.Add(statement);
            current.Clear();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
