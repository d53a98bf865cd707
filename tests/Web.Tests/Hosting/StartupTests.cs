using System.Net;
using System.Text.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Demo;
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
    public async Task A_first_start_evaluates_every_demo_month_and_creates_an_account_for_each_role_with_its_password_beside_the_admins()
    {
        await using var app = await TestApp.StartAsync(Provider, new Dictionary<string, string> { ["Database:SeedDemoData"] = "true", ["Database:DemoMonths"] = "2" });
        var newest = AssessmentPeriod.MonthContaining(app.Clock.GetUtcNow()).Previous;

        await using (var db = app.Database.CreateContext())
        {
            var runs = await db.EvaluationRuns.AsNoTracking().Where(r => r.Status == RunStatus.Completed).Select(r => r.Period).ToListAsync();
            runs.Order().Select(p => p.Key).Should().Equal([newest.Previous.Key, newest.Key], "both demo months are evaluated at first start, without the scheduler");
            (await db.Outcomes.CountAsync()).Should().BePositive();
        }
        var accounts = File.ReadAllLines(Path.Combine(app.DataDirectory, DemoDetachment.AccountsFileName))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1]);
        accounts.Keys.Should().BeEquivalentTo(["detachment-leader", "brigade-leader", "squad-leader", "inspector", "auditor", "officer", "auxiliary"]);
        var seen = new Dictionary<string, JsonElement>();
        foreach (var (userName, password) in accounts)
        {
            var client = await app.SignInAsync(userName, password);
            seen[userName] = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/auth/me", UriKind.Relative))).RootElement;
        }
        string Role(string user) => seen[user].GetProperty("role").GetString()!;
        bool WholeDetachment(string user) => seen[user].GetProperty("unitId").ValueKind == JsonValueKind.Null;
        (Role("detachment-leader"), WholeDetachment("detachment-leader")).Should().Be(("Leader", true));
        (Role("brigade-leader"), WholeDetachment("brigade-leader")).Should().Be(("Leader", false));
        (Role("squad-leader"), WholeDetachment("squad-leader")).Should().Be(("Leader", false));
        (Role("inspector"), Role("auditor"), Role("officer"), Role("auxiliary")).Should().Be(("Inspector", "Auditor", "Officer", "Officer"));

        var officerId = seen["officer"].GetProperty("officerId").GetInt64();
        var officer = await app.SignInAsync("officer", accounts["officer"]);
        (await officer.GetAsync(new Uri($"/api/officers/{officerId}/results/{newest}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        await app.AdminAsync();
        File.Exists(Path.Combine(app.DataDirectory, DemoDetachment.AccountsFileName)).Should().BeTrue();
        if (!OperatingSystem.IsWindows())
            File.GetUnixFileMode(Path.Combine(app.DataDirectory, DemoDetachment.AccountsFileName)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
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

public sealed class DemoHistoryTests
{
    [Fact]
    public void The_demo_months_are_evaluated_oldest_first_and_then_the_newest_complete_quarter()
    {
        var months = AssessmentPeriod.Month(2026, 12).PreviousPeriods(12);

        var periods = DemoDetachment.PeriodsToEvaluate(months);

        periods.Select(p => p.Key).Should().Equal(
            "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-Q3");
    }

    [Fact]
    public void Without_a_complete_quarter_only_the_months_are_evaluated()
    {
        DemoDetachment.PeriodsToEvaluate([AssessmentPeriod.Month(2026, 11), AssessmentPeriod.Month(2026, 10)]).Select(p => p.Key).Should().Equal("2026-10", "2026-11");
    }
}
