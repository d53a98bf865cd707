using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Evaluations;

/// <summary>
/// Over real HTTP: every run is scored again by the other engine; a disagreement is recorded on the run, shown by
/// GET /api/runs/{id}, and blocks publication until an Admin acknowledges it with a reason.
/// </summary>
public abstract class EngineCrossCheckTests
{
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);

    protected abstract DatabaseProvider Provider { get; }

    // A rule that reads the clock: ours reads the period's end (2026-11-01), RulesEngine the wall clock, so the engines
    // are forced to differ on every officer (an intended difference, listed in RulesEngineCompatibilityTests).
    private const string ClockRule = """
        { "RuleName": "ClockRead", "Expression": "DateTime.UtcNow > period.End.AddDays(2)", "Properties": { "Title": "读时钟", "Category": "discipline", "Points": -1 } },
        """;

    private static List<(string FileName, string Content)> Schemes(bool forcedToDiffer) =>
        TestSchemes.All.Select(f => forcedToDiffer && f.Content.Contains("test-officer-monthly", StringComparison.Ordinal)
            ? (f.FileName, f.Content.Replace("\"Rules\": [", "\"Rules\": [" + ClockRule, StringComparison.Ordinal))
            : f).ToList();

    private static async Task<Guid> EvaluateAsync(TestApp app, bool forcedToDiffer)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        await ConstructedBrigade.SeedAsync(db, [October]);
        foreach (var version in await db.RuleSetVersions.Where(v => v.Status != RuleSetStatus.Retired).ToListAsync())
            version.Retire();
        await db.SaveChangesAsync();
        await ShippedSchemes.ImportAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>(), Schemes(forcedToDiffer), DateTimeOffset.UtcNow);
        var service = scope.ServiceProvider.GetRequiredService<EvaluationService>();
        var run = await service.QueueAsync(October);
        return (await service.CompleteAsync(run.Id, "test-node")).Id;
    }

    private static async Task<JsonElement> CrossCheckOf(HttpClient client, Guid run) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{run}")).GetProperty("crossCheck");

    [Fact]
    public async Task A_disagreement_is_recorded_on_the_run_and_blocks_publication_until_an_admin_acknowledges_it()
    {
        await using var app = await TestApp.StartAsync(Provider, new Dictionary<string, string> { ["Rules:CrossCheck"] = "All" });
        var run = await EvaluateAsync(app, forcedToDiffer: true);
        var admin = await app.AdminAsync();
        var leader = await app.SignInAsync(Role.Leader);

        var check = await CrossCheckOf(admin, run);
        check.GetProperty("engine").GetString().Should().Be("Compiled");
        check.GetProperty("checkedBy").GetString().Should().Be("RulesEngine");
        check.GetProperty("subjectsChecked").GetInt32().Should().Be(8, "six officers and two squads, all of them");
        check.GetProperty("flagged").GetBoolean().Should().BeTrue();
        var a1 = check.GetProperty("disagreements").EnumerateArray().First(d => d.GetProperty("subject").GetString() == "officer A1" && d.GetProperty("rule").GetString() == "ClockRead");
        a1.GetProperty("compiled").GetString().Should().Be("did not fire");
        a1.GetProperty("rulesEngine").GetString().Should().StartWith("fired: points -1");

        var refused = await leader.PostAsync($"/api/runs/{run}/publish?confirmPending=true", null);
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("officer A1 rule ClockRead");

        (await leader.PostAsJsonAsync($"/api/runs/{run}/cross-check/acknowledge", new { reason = "x" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.PostAsJsonAsync($"/api/runs/{run}/cross-check/acknowledge", new { reason = " " })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var client = AssessmentEngine.Client.AssessmentEngineClient.Create(admin);
        var acknowledged = await client.AcknowledgeCrossCheckAsync(run, new AssessmentEngine.Client.ReasonGiven("时钟规则的差异是预期的"));
        acknowledged.AcknowledgedBy.Should().Be("admin");

        (await CrossCheckOf(admin, run)).GetProperty("reason").GetString().Should().Be("时钟规则的差异是预期的");
        (await client.RunAsync(run)).CrossCheck!.Disagreements.Should().Contain(d => d.Subject == "officer A1" && d.Rule == "ClockRead");
        (await leader.PostAsync($"/api/runs/{run}/publish?confirmPending=true", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        (await db.Set<AssessmentEngine.Web.Infrastructure.Auditing.AuditEntry>().AsNoTracking().Where(e => e.Action == "AcknowledgeCrossCheck").ToListAsync()).Should().ContainSingle()
            .Which.AfterJson.Should().NotBeNull();
        var audited = (await db.Set<AssessmentEngine.Web.Infrastructure.Auditing.AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == "AcknowledgeCrossCheck")).AfterJson!;
        JsonDocument.Parse(audited).RootElement.GetProperty("reason").GetString().Should().Be("时钟规则的差异是预期的");
    }

    [Fact]
    public async Task A_run_whose_engines_agree_is_published_without_acknowledgement()
    {
        await using var app = await TestApp.StartAsync(Provider, new Dictionary<string, string> { ["Rules:CrossCheck"] = "All" });
        var run = await EvaluateAsync(app, forcedToDiffer: false);
        var admin = await app.AdminAsync();

        var check = await CrossCheckOf(admin, run);
        check.GetProperty("subjectsChecked").GetInt32().Should().Be(8);
        check.GetProperty("flagged").GetBoolean().Should().BeFalse();
        (await admin.PostAsync($"/api/runs/{run}/publish?confirmPending=true", null)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

public sealed class EngineCrossCheckTestsOnSqlite : EngineCrossCheckTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class EngineCrossCheckTestsOnPostgres : EngineCrossCheckTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
