using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Tests.Infrastructure;

/// <summary>
/// Persistence tests are written once against this base and run once per provider: each concrete
/// subclass (…OnSqlite, …OnPostgres) gets its own fresh, real database, so the test output names both.
/// </summary>
public abstract class DatabaseTestBase : IAsyncLifetime
{
    private TestDatabase? _database;

    protected abstract DatabaseProvider Provider { get; }

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public virtual async Task InitializeAsync() =>
        _database = Provider == DatabaseProvider.Postgres ? await PostgresTestDatabase.CreateAsync() : new SqliteTestDatabase();

    public virtual async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
