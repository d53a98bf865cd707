using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Persistence;

/// <summary>One versioned SQL script, embedded in this assembly as Migrations/{Provider}/NNNN_name.sql.</summary>
public sealed record SchemaMigration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}

/// <summary>What a start-up did to the schema.</summary>
public sealed record MigrationReport(int FromVersion, int ToVersion, IReadOnlyList<SchemaMigration> Applied);

/// <summary>
/// Brings a database to the current schema by applying the versioned SQL scripts it has not seen, in order,
/// each in its own transaction (see docs/adr/0002-versioned-sql-migrations.md). Several nodes may start at
/// once: on PostgreSQL an advisory lock serialises them, on SQLite an immediate transaction does.
/// A script that was changed after it was applied is refused, because the database no longer matches it.
/// </summary>
public sealed class SchemaMigrator(DatabaseProvider provider)
{
    private const string HistoryTable = "ae_schema_migrations";
    internal const long AdvisoryLockKey = 0x4145_5343_4845_4D41; // "AESCHEMA"

    public IReadOnlyList<SchemaMigration> Migrations { get; } = LoadEmbedded(provider);

    /// <summary>Applies migrations up to this version only (a test brings a database to an earlier schema, fills it, then migrates on).</summary>
    public int? StopAfter { get; init; }

    public static IReadOnlyList<SchemaMigration> LoadEmbedded(DatabaseProvider provider)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"Migrations/{provider}/";
        var list = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var fileName = resource[prefix.Length..^".sql".Length];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                throw new InvalidOperationException($"Migration script '{resource}' is not named NNNN_description.sql.");
            list.Add(new SchemaMigration(version, fileName[(separator + 1)..], ReadResource(assembly, resource)));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1)
                throw new InvalidOperationException($"Migration scripts for {provider} must be numbered 1..N without gaps; found {list[i].Version} at position {i + 1}.");
        }
        return list;
    }

    /// <param name="lockHeld">The caller already holds the advisory lock on another connection (the start-up sequence, which keeps it for more than migrations).</param>
    public async Task<MigrationReport> MigrateAsync(DbContext context, bool lockHeld = false, CancellationToken cancellationToken = default)
    {
        var locking = provider == DatabaseProvider.Postgres && !lockHeld;
        var connection = context.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(cancellationToken);
        try
        {
            if (locking)
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            try
            {
                await ExecuteAsync(connection, null, $"""
                    CREATE TABLE IF NOT EXISTS {HistoryTable} (
                        version INTEGER NOT NULL PRIMARY KEY,
                        name TEXT NOT NULL,
                        checksum TEXT NOT NULL,
                        applied_at TEXT NOT NULL)
                    """, cancellationToken);
                var applied = await ReadAppliedAsync(connection, cancellationToken);
                VerifyChecksums(applied);
                var from = applied.Count == 0 ? 0 : applied.Keys.Max();
                var done = new List<SchemaMigration>();
                foreach (var migration in Migrations.Where(m => !applied.ContainsKey(m.Version) && (StopAfter is null || m.Version <= StopAfter)))
                {
                    await ApplyAsync(connection, migration, cancellationToken);
                    done.Add(migration);
                }
                return new MigrationReport(from, Migrations.Count == 0 ? 0 : Migrations[^1].Version, done);
            }
            finally
            {
                if (locking)
                    await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    private async Task ApplyAsync(DbConnection connection, SchemaMigration migration, CancellationToken cancellationToken)
    {
        // SQLite: BEGIN IMMEDIATE takes the write lock up front, so a second node waits instead of failing mid-script.
        await using var transaction = provider == DatabaseProvider.Sqlite
            ? await BeginImmediateAsync(connection, cancellationToken)
            : await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = $"INSERT INTO {HistoryTable} (version, name, checksum, applied_at) VALUES (@v, @n, @c, @t)";
            AddParameter(record, "@v", migration.Version);
            AddParameter(record, "@n", migration.Name);
            AddParameter(record, "@c", migration.Checksum);
            AddParameter(record, "@t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw new InvalidOperationException($"Migration {migration.Version:D4}_{migration.Name} failed on {provider}; nothing of it was applied: {ex.Message}", ex);
        }
    }

    private static async Task<DbTransaction> BeginImmediateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite starts BEGIN IMMEDIATE for a non-deferred transaction.
        return await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
    }

    private void VerifyChecksums(IReadOnlyDictionary<int, string> applied)
    {
        foreach (var (version, checksum) in applied)
        {
            var known = Migrations.FirstOrDefault(m => m.Version == version);
            if (known is null)
                throw new InvalidOperationException($"The database has schema version {version}, newer than this build knows ({Migrations.Count}). Upgrade the application instead of downgrading it.");
            if (!string.Equals(known.Checksum, checksum, StringComparison.Ordinal))
                throw new InvalidOperationException($"Migration {version:D4}_{known.Name} was changed after it was applied to this database (checksum differs). Add a new migration instead of editing an applied one.");
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version, checksum FROM {HistoryTable}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
            result[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.GetString(1);
        return result;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
