using System.Net;
using System.Text.Json;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Hosting;

/// <summary>What `dotnet run --project src/Web` does on an empty database: migrate, seed the demo, answer /health.</summary>
public abstract class StartupTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task A_first_start_migrates_seeds_the_demo_brigade_and_answers_healthy_over_http()
    {
        await using var app = await TestApp.StartAsync(Provider, new Dictionary<string, string> { ["Database:SeedDemoData"] = "true", ["Database:DemoMonths"] = "1" });
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("status").GetString().Should().Be("Healthy");
        var database = body.RootElement.GetProperty("checks").GetProperty("database");
        database.GetProperty("data").GetProperty("provider").GetString().Should().Be(Provider.ToString());
        await using var db = app.Database.CreateContext();
        (await db.Officers.CountAsync()).Should().Be(3 * 4 * 35, "the demo detachment has 3 brigades of 4 squads of 25 officers and 10 auxiliaries");
        (await db.EnforcementActions.CountAsync()).Should().BeGreaterThan(420 * 30);
        (await db.RuleSetVersions.Select(v => v.SchemeName).Distinct().CountAsync()).Should().Be(ShippedSchemes.Files().Count);
    }

    [Fact]
    public async Task A_second_start_on_the_same_database_applies_and_seeds_nothing()
    {
        await using var database = Provider == DatabaseProvider.Postgres ? (TestDatabase)await PostgresTestDatabase.CreateAsync() : new SqliteTestDatabase();
        var settings = new Dictionary<string, string> { ["Database:SeedDemoData"] = "true", ["Database:DemoMonths"] = "1", ["Database:ConnectionString"] = database.ConnectionString };
        int officers;
        await using (var first = await TestApp.StartAsync(Provider, settings))
        {
            await using var db = database.CreateContext();
            officers = await db.Officers.CountAsync();
        }
        officers.Should().Be(420);

        await using var second = await TestApp.StartAsync(Provider, settings);
        await using var again = database.CreateContext();

        (await again.Officers.CountAsync()).Should().Be(officers);
        (await again.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM ae_schema_migrations").SingleAsync())
            .Should().Be(new SchemaMigrator(Provider).Migrations.Count);
        using var health = await second.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));
        health.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

public sealed class StartupTestsOnSqlite : StartupTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class StartupTestsOnPostgres : StartupTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
