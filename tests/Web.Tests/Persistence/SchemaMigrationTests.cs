using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Persistence;

public abstract class SchemaMigrationTests : DatabaseTestBase
{
    [Fact]
    public async Task An_empty_database_is_brought_to_the_current_schema_and_a_second_start_applies_nothing()
    {
        var migrator = new SchemaMigrator(Provider);
        await using var db = Database.CreateContext();

        var first = await migrator.MigrateAsync(db);
        var second = await migrator.MigrateAsync(db);

        first.FromVersion.Should().Be(0);
        first.Applied.Should().HaveCount(migrator.Migrations.Count).And.NotBeEmpty();
        first.ToVersion.Should().Be(migrator.Migrations[^1].Version);
        second.Applied.Should().BeEmpty();
        second.FromVersion.Should().Be(first.ToVersion);
        var recorded = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM ae_schema_migrations").SingleAsync();
        recorded.Should().Be(migrator.Migrations.Count);
    }

    [Fact]
    public async Task Every_entity_of_the_model_can_be_queried_after_migration()
    {
        await using var db = await Database.CreateMigratedContextAsync();

        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.ClrType != typeof(Dictionary<string, object>)))
        {
            var query = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
                .MakeGenericMethod(entity.ClrType).Invoke(db, null)!;
            var act = () => query.Take(1).ToListAsync();
            await act.Should().NotThrowAsync($"table of {entity.ClrType.Name} must exist with every mapped column");
        }
    }

    [Fact]
    public async Task Two_nodes_starting_at_once_apply_each_migration_exactly_once()
    {
        await using var a = Database.CreateContext();
        await using var b = Database.CreateContext();

        var reports = await Task.WhenAll(new SchemaMigrator(Provider).MigrateAsync(a), new SchemaMigrator(Provider).MigrateAsync(b));

        reports.Sum(r => r.Applied.Count).Should().Be(new SchemaMigrator(Provider).Migrations.Count);
    }

    [Fact]
    public async Task A_script_edited_after_it_was_applied_is_refused_with_a_clear_message()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE ae_schema_migrations SET checksum = 'tampered' WHERE version = 1");

        var act = () => new SchemaMigrator(Provider).MigrateAsync(db);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*0001_*changed after it was applied*");
    }
}

public sealed class SchemaMigrationTestsOnSqlite : SchemaMigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class SchemaMigrationTestsOnPostgres : SchemaMigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
