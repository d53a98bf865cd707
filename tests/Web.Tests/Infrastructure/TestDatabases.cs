using System.Diagnostics;
using AssessmentEngine.Web.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AssessmentEngine.Web.Tests.Infrastructure;

/// <summary>A real, empty database of one provider, made for one test class and dropped after it.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract DatabaseProvider Provider { get; }
    public abstract string ConnectionString { get; }

    public AssessmentDbContext CreateContext() =>
        new(PersistenceSetup.Configure(new DbContextOptionsBuilder<AssessmentDbContext>(), Provider, ConnectionString).Options);

    public async Task<AssessmentDbContext> CreateMigratedContextAsync()
    {
        var db = CreateContext();
        await new SchemaMigrator(Provider).MigrateAsync(db);
        return db;
    }

    public abstract ValueTask DisposeAsync();

    public override string ToString() => Provider.ToString();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ae-test-{Guid.NewGuid():N}.db");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override string ConnectionString => $"Data Source={_path};Pooling=False";

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            File.Delete(_path + suffix);
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _server;

    private PostgresTestDatabase(string server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    public override string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = PostgresTestServer.ConnectionString;
        var name = $"ae_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new PostgresTestDatabase(server, builder.ConnectionString);
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// The PostgreSQL server the tests use: the throwaway cluster ./test.sh started (AE_TEST_POSTGRES), or, when
/// the tests run on their own (`dotnet test`), a cluster this process starts from Debian's binaries and stops at exit.
/// </summary>
public static class PostgresTestServer
{
    private static readonly Lazy<string> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ConnectionString => Server.Value;

    private static string Start()
    {
        var configured = Environment.GetEnvironmentVariable("AE_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("PostgreSQL tests need a server: run ./test.sh (it installs PostgreSQL and starts a throwaway cluster), or set AE_TEST_POSTGRES to a connection string.");

        var root = Directory.CreateTempSubdirectory("ae-pg-").FullName;
        var port = 20000 + Random.Shared.Next(20000);
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", $"postgres:postgres {root}", asRoot: false);
        Run(Path.Combine(bin, "initdb"), $"-D {root}/data -A trust -U app -E UTF8", asRoot);
        Run(Path.Combine(bin, "pg_ctl"), $"-D {root}/data -l {root}/server.log -w -o \"-k {root} -p {port} -c listen_addresses='' -c fsync=off -c max_connections=200\" start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(Path.Combine(bin, "pg_ctl"), $"-D {root}/data -m immediate stop", asRoot, throwOnError: false);
            Directory.Delete(root, recursive: true);
        };
        return $"Host={root};Port={port};Username=app;Database=postgres";
    }

    private static void Run(string file, string arguments, bool asRoot, bool throwOnError = true)
    {
        var start = asRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && throwOnError)
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {error}");
    }
}
