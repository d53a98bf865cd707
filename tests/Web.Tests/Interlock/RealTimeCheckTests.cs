using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Audit;
using AssessmentEngine.Web.Features.Checks;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Interlock;

/// <summary>The app with the shipped schemes (penalty-interlock v1 in force) and the constructed brigade's units and officers.</summary>
public abstract class InterlockFixture : IAsyncLifetime
{
    private TestApp? _app;

    public TestApp App => _app ?? throw new InvalidOperationException("The app starts in InitializeAsync.");

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(Provider);
        await using var scope = _app.Services.CreateAsyncScope();
        await ConstructedBrigade.SeedAsync(scope.ServiceProvider.GetRequiredService<AssessmentDbContext>(), [AssessmentPeriod.Month(2026, 10)]);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

public sealed class InterlockOnSqlite : InterlockFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class InterlockOnPostgres : InterlockFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// POST /api/checks/{workflow} over real HTTP: the ticketing terminal (a System token scoped to its unit) asks whether a
/// penalty decision may be issued and gets every rule's verdict in the same response; every check lands in the audit log.
/// </summary>
public abstract class RealTimeCheckTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : InterlockFixture
{
    private const string Url = "/api/checks/penalty-interlock";

    private TestApp App => fixture.App;

    private async Task<HttpClient> TerminalAsync(long unitId = ConstructedBrigade.SquadA) =>
        App.CreateBearerClient((await App.CreateTokenAsync(Role.System, unitId, name: $"terminal-{Guid.NewGuid():N}")).Secret);

    [Fact]
    public async Task A_penalty_with_uploaded_footage_is_allowed_and_every_rule_says_so()
    {
        using var terminal = await TerminalAsync();

        var response = await terminal.PostAsJsonAsync(Url, PenaltyEvents.Routine(), TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var answer = (await response.Content.ReadFromJsonAsync<CheckAnswer>(TestApp.Json))!;
        answer.Workflow.Should().Be("penalty-interlock");
        answer.Version.Should().BeGreaterThan(0);
        answer.VersionHash.Should().HaveLength(64);
        answer.Allowed.Should().BeTrue();
        answer.Results.Should().HaveCount(6).And.OnlyContain(r => r.Success && r.Message == null && r.Title != null);
    }

    [Fact]
    public async Task A_penalty_without_footage_is_blocked_with_the_rules_message()
    {
        using var terminal = await TerminalAsync();

        var answer = await CheckAsync(terminal, PenaltyEvents.Routine().With("hasFootage", false).With("footageSeconds", null));

        answer.Allowed.Should().BeFalse();
        var failed = answer.Results.Should().ContainSingle(r => !r.Success).Subject;
        failed.Rule.Should().Be("FootageRequired");
        failed.Message.Should().StartWith("民警A2作出处罚决定前须有执法记录仪视频");
        failed.Title.Should().Be("无执法记录仪视频不得作出处罚决定（设备故障、紧急情况、当事人自行到案除外）");
    }

    [Fact]
    public async Task A_whitelisted_exemption_allows_a_small_penalty_without_footage_but_not_a_large_one()
    {
        using var terminal = await TerminalAsync(ConstructedBrigade.Brigade);
        var withoutFootage = PenaltyEvents.Routine().With("hasFootage", false).With("exemptionReason", "DeviceFault");

        (await CheckAsync(terminal, withoutFootage)).Allowed.Should().BeTrue();
        var large = await CheckAsync(terminal, withoutFootage.With("fineAmount", 5000));
        large.Allowed.Should().BeFalse();
        large.Results.Where(r => !r.Success).Select(r => r.Rule).Should().Equal("LargePenaltyNeedsFootage");
    }

    [Fact]
    public async Task An_unknown_check_is_not_found_and_a_monthly_scheme_is_no_real_time_check()
    {
        using var terminal = await TerminalAsync();

        var unknown = await terminal.PostAsJsonAsync("/api/checks/penalty-interlok", PenaltyEvents.Routine(), TestApp.Json);
        var monthly = await terminal.PostAsJsonAsync("/api/checks/officer-monthly", PenaltyEvents.Routine(), TestApp.Json);

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadFromJsonAsync<ProblemDetails>(TestApp.Json))!.Detail.Should().Be("There is no real-time check named 'penalty-interlok'.");
        monthly.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await monthly.Content.ReadFromJsonAsync<ProblemDetails>(TestApp.Json))!.Detail.Should().Contain("not a real-time check");
    }

    [Fact]
    public async Task A_malformed_event_is_refused_with_every_field_that_does_not_fit()
    {
        using var terminal = await TerminalAsync();

        var response = await terminal.PostAsJsonAsync(Url, PenaltyEvents.Routine().With("fineAmount", "两百").Without("hasFootage"), TestApp.Json);
        var broken = await terminal.PostAsync(new Uri(Url, UriKind.Relative), new StringContent("{\"officerId\": 2,", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(TestApp.Json))!;
        problem.Errors.Keys.Should().BeEquivalentTo("fineAmount", "hasFootage");
        problem.Errors["hasFootage"].Should().Equal("HasFootage is required.");
        broken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_officer_outside_the_terminals_unit_is_not_found_like_one_that_does_not_exist()
    {
        using var terminalOfSquadA = await TerminalAsync(ConstructedBrigade.SquadA);
        using var terminalOfBrigade = await TerminalAsync(ConstructedBrigade.Brigade);

        var outside = await terminalOfSquadA.PostAsJsonAsync(Url, PenaltyEvents.Routine(officerId: 4), TestApp.Json);
        var absent = await terminalOfSquadA.PostAsJsonAsync(Url, PenaltyEvents.Routine(officerId: 999), TestApp.Json);

        outside.StatusCode.Should().Be(HttpStatusCode.NotFound);
        absent.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await outside.Content.ReadFromJsonAsync<ProblemDetails>(TestApp.Json))!.Detail.Should().Be("Officer 4 was not found.");
        (await terminalOfBrigade.PostAsJsonAsync(Url, PenaltyEvents.Routine(officerId: 4), TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.OK, "squad B lies in the brigade");
    }

    [Fact]
    public async Task Activating_a_new_version_switches_the_next_check_to_it()
    {
        using var terminal = await TerminalAsync();
        using var inspector = await App.SignInAsync(Role.Inspector);
        var fortySeconds = PenaltyEvents.Routine().With("footageSeconds", 40);
        var before = await CheckAsync(terminal, fortySeconds);
        var current = (await inspector.GetFromJsonAsync<RuleSetVersionDetail>($"/api/rulesets/penalty-interlock/versions/{before.Version}", TestApp.Json))!;
        var stricter = current.Content.Replace("np(event.FootageSeconds, 0) >= 30", "np(event.FootageSeconds, 0) >= 45", StringComparison.Ordinal)
            .Replace("不足30秒", "不足45秒", StringComparison.Ordinal);

        var saved = await inspector.PostAsJsonAsync("/api/rulesets/penalty-interlock/versions", new { content = stricter, note = "视频时长不少于45秒" }, TestApp.Json);
        saved.StatusCode.Should().Be(HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
        var number = (await saved.Content.ReadFromJsonAsync<RuleSetVersionDetail>(TestApp.Json))!.Version.Number;
        var thisMonth = AssessmentPeriod.MonthContaining(App.Clock.GetUtcNow()).ToString();
        var activated = await inspector.PostAsJsonAsync($"/api/rulesets/penalty-interlock/versions/{number}/activate", new { effectiveFrom = thisMonth }, TestApp.Json);
        activated.StatusCode.Should().Be(HttpStatusCode.OK, await activated.Content.ReadAsStringAsync());
        var after = await CheckAsync(terminal, fortySeconds);

        before.Allowed.Should().BeTrue();
        after.Version.Should().Be(number).And.BeGreaterThan(before.Version);
        after.VersionHash.Should().NotBe(before.VersionHash);
        after.Allowed.Should().BeFalse();
        after.Results.Single(r => !r.Success).Message.Should().Be("执法记录仪视频时长40秒，不足45秒，不能完整反映执法过程");
    }

    [Fact]
    public async Task Activating_a_new_version_from_the_rules_page_switches_the_next_check_to_it_as_the_API_does()
    {
        using var terminal = await TerminalAsync();
        using var inspector = await App.SignInAsync(Role.Inspector);
        var fortySevenSeconds = PenaltyEvents.Routine().With("footageSeconds", 47);
        var before = await CheckAsync(terminal, fortySevenSeconds);
        var current = (await inspector.GetFromJsonAsync<RuleSetVersionDetail>($"/api/rulesets/penalty-interlock/versions/{before.Version}", TestApp.Json))!;
        var stricter = PageForms.FootageThreshold().Replace(current.Content, "np(event.FootageSeconds, 0) >= 50");
        stricter = PageForms.FootageMessage().Replace(stricter, "不足50秒");
        var saved = await inspector.PostAsJsonAsync("/api/rulesets/penalty-interlock/versions", new { content = stricter, note = "视频时长不少于50秒" }, TestApp.Json);
        saved.StatusCode.Should().Be(HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
        var number = (await saved.Content.ReadFromJsonAsync<RuleSetVersionDetail>(TestApp.Json))!.Version.Number;
        var page = await (await inspector.GetAsync($"/rules/penalty-interlock?v={number}")).Content.ReadAsStringAsync();
        var token = PageForms.AntiForgeryToken().Match(page).Groups[1].Value;
        var thisMonth = AssessmentPeriod.MonthContaining(App.Clock.GetUtcNow()).ToString();

        var activated = await inspector.PostAsync($"/rules/penalty-interlock?handler=Activate&number={number}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["effectiveFrom"] = thisMonth,
            ["__RequestVerificationToken"] = token,
        }));
        var after = await CheckAsync(terminal, fortySevenSeconds);

        token.Should().NotBeEmpty();
        activated.StatusCode.Should().Be(HttpStatusCode.Redirect, await activated.Content.ReadAsStringAsync());
        activated.Headers.Location!.ToString().Should().Contain("activated");
        before.Allowed.Should().BeTrue();
        after.Version.Should().Be(number, "the page's activation forgot the cached checks once it committed");
        after.Allowed.Should().BeFalse();
        after.Results.Single(r => !r.Success).Message.Should().Contain("不足50秒");
    }

    [Fact]
    public async Task Every_check_is_recorded_in_the_audit_log_with_who_what_and_the_decision()
    {
        var name = $"terminal-{Guid.NewGuid():N}";
        using var terminal = App.CreateBearerClient((await App.CreateTokenAsync(Role.System, ConstructedBrigade.SquadA, name)).Secret);
        var blocked = await CheckAsync(terminal, PenaltyEvents.Routine(officerId: 3).With("hasFootage", false).With("actionCode", "PEN-AUDIT-1"));
        var allowed = await CheckAsync(terminal, PenaltyEvents.Routine(officerId: 3).With("actionCode", "PEN-AUDIT-2"));

        var admin = await App.AdminAsync();
        // The checks are recorded by a background writer in batches: wait until both are in the log.
        var page = await Eventually.UntilAsync(
            () => admin.GetFromJsonAsync<AuditPage>($"/api/audit?action=CheckEvent&actor={name}", TestApp.Json),
            p => p is { Total: >= 2 }, "both checks in the audit log");

        page!.Items.Should().HaveCount(2);
        page.Items.Should().OnlyContain(e => e.ActorKind == "Token" && e.EntityType == "Officer" && e.EntityId == "3" && e.RequestId != null);
        var entries = page.Items.ToDictionary(e => e.After!.Value.GetProperty("event").GetProperty("actionCode").GetString()!);
        entries["PEN-AUDIT-1"].After!.Value.GetProperty("allowed").GetBoolean().Should().BeFalse();
        entries["PEN-AUDIT-1"].After!.Value.GetProperty("failed").EnumerateArray().Select(f => f.GetString()).Should().Equal("FootageRequired");
        entries["PEN-AUDIT-1"].RequestId.Should().Be(blocked.RequestId);
        entries["PEN-AUDIT-2"].After!.Value.GetProperty("allowed").GetBoolean().Should().BeTrue();
        entries["PEN-AUDIT-2"].After!.Value.GetProperty("version").GetInt32().Should().Be(allowed.Version);
    }

    [Fact]
    public async Task Admins_and_inspectors_may_try_a_check_and_other_roles_may_not()
    {
        (await (await App.SignInAsync(Role.Inspector)).PostAsJsonAsync(Url, PenaltyEvents.Routine(), TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await App.AdminAsync()).PostAsJsonAsync(Url, PenaltyEvents.Routine(), TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await App.SignInAsync(Role.Leader)).PostAsJsonAsync(Url, PenaltyEvents.Routine(), TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await App.CreateClient().PostAsJsonAsync(Url, PenaltyEvents.Routine(), TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_typed_client_checks_an_event_and_reads_the_runs()
    {
        using var terminal = await TerminalAsync();
        var api = AssessmentEngine.Client.AssessmentEngineClient.Create(terminal);

        var answer = await api.CheckAsync("penalty-interlock", PenaltyEvents.Routine().With("onSite", false));
        var refused = await Assert.ThrowsAnyAsync<Refit.ApiException>(() => api.CheckAsync("penalty-interlock", PenaltyEvents.Routine(officerId: 4)));
        var runs = await AssessmentEngine.Client.AssessmentEngineClient.Create(await App.AdminAsync()).RunsAsync(period: "2026-10");

        answer.Allowed.Should().BeFalse();
        answer.Results.Should().ContainSingle(r => !r.Success).Which.Rule.Should().Be("SecondOfficerOffSite");
        refused.StatusCode.Should().Be(HttpStatusCode.NotFound, "officer 4 serves in squad B, outside the terminal's squad A");
        runs.Should().BeEmpty("nothing was evaluated in this app");
    }

    private static async Task<CheckAnswer> CheckAsync(HttpClient client, Dictionary<string, object?> penalty)
    {
        var response = await client.PostAsJsonAsync(Url, penalty, TestApp.Json);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CheckAnswer>(TestApp.Json))!;
    }
}

public sealed class RealTimeCheckTestsOnSqlite(InterlockOnSqlite app) : RealTimeCheckTests<InterlockOnSqlite>(app);

public sealed class RealTimeCheckTestsOnPostgres(InterlockOnPostgres app) : RealTimeCheckTests<InterlockOnPostgres>(app);

/// <summary>What the page test reads from rule files and forms.</summary>
internal static partial class PageForms
{
    [GeneratedRegex(@"np\(event\.FootageSeconds, 0\) >= \d+")]
    internal static partial Regex FootageThreshold();

    [GeneratedRegex(@"不足\d+秒")]
    internal static partial Regex FootageMessage();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex AntiForgeryToken();
}
