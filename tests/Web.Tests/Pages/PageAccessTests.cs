using System.Net;
using System.Text.RegularExpressions;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Pages;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// Every page × every role over real HTTP, the page counterpart of the API's authorization matrix: anonymous → redirect
/// to /signin with the return URL, a role without the right → redirect to /forbidden (a 403 page), a role with it → the
/// page. The API keeps its 401/403 ProblemDetails. The table must list every page the app maps.
/// </summary>
public abstract partial class PageAccessTests<TApp>(TApp fixture) : IClassFixture<TApp>
    where TApp : TestAppFixture
{
    private static readonly Role[] People = [Role.Admin, Role.Inspector, Role.Leader, Role.Officer, Role.Auditor];

    /// <summary>A page route as mapped, a concrete URL, and who may open it; null roles: anyone, signed in or not.</summary>
    private sealed record PageRow(string Pattern, string Url, IReadOnlyList<Role>? Allowed, bool NotFoundIsAnAnswer = false);

    private static readonly PageRow[] Rows =
    [
        new("", "/", People),
        new("signin", "/signin", null),
        new("signout", "/signout", People),
        new("culture", "/culture?c=en&returnUrl=%2Fsignin", null),
        new("forbidden", "/forbidden", null),
        new("status/{code:int}", "/status/404", null),
        new("dashboard", "/dashboard", PageAreas.Dashboard.Roles),
        new("review", "/review", PageAreas.Review.Roles),
        new("rules", "/rules", PageAreas.Rules.Roles),
        new("rules/{scheme}", "/rules/officer-monthly", PageAreas.Rules.Roles),
        new("rules/{scheme}/diff", "/rules/officer-monthly/diff", PageAreas.Rules.Roles),
        new("runs", "/runs", PageAreas.Runs.Roles),
        new("officers/{id:long}", "/officers/2", PageAreas.Officers.Roles),
        new("audit", "/audit", PageAreas.Audit.Roles),
        new("dashboard/squads/{id:long}", $"/dashboard/squads/{ConstructedBrigade.SquadA}?period=2026-10", PageAreas.Dashboard.Roles, NotFoundIsAnAnswer: true),
        new("appeals", "/appeals", PageAreas.Appeals.Roles),
        new("admin/users", "/admin/users", PageAreas.Users.Roles),
        new("admin/tokens", "/admin/tokens", PageAreas.Tokens.Roles),
        new("account/password", "/account/password", PageAreas.Account.Roles),
        new("print/results/{unitId:long}", $"/print/results/{ConstructedBrigade.Brigade}?period=2026-10", PageAreas.Print.Roles, NotFoundIsAnAnswer: true),
        // No interview has this id: a role that may open the page is told "not found", the others are refused before that.
        new("print/interviews/{id:guid}", "/print/interviews/00000000-0000-0000-0000-000000000000", PageAreas.Print.Roles, NotFoundIsAnAnswer: true),
    ];

    private TestApp App => fixture.App;

    [Fact]
    public async Task Every_page_answers_every_role_as_the_table_says()
    {
        // The profile row opens officer 2 (A2 王芳), who must exist: a profile of nobody is "not found" for everyone.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            if (!await db.Officers.AnyAsync(o => o.Id == 2))
                await ConstructedBrigade.SeedAsync(db, [BrowserFixture.October]);
        }
        var anonymous = App.CreateClient();
        var clients = new Dictionary<Role, HttpClient>();
        foreach (var role in People)
            clients[role] = await App.SignInAsync(role, officerId: role == Role.Officer ? 2 : null);
        var failures = new List<string>();

        foreach (var row in Rows)
        {
            var response = await anonymous.GetAsync(row.Url);
            var location = response.Headers.Location?.PathAndQueryOrRelative() ?? "";
            if (row.Allowed is null ? !Public(response, location) : response.StatusCode != HttpStatusCode.Redirect || location != $"/signin?returnUrl={Uri.EscapeDataString(row.Url)}")
                failures.Add($"{row.Url} anonymous → {(int)response.StatusCode} {location}, expected {(row.Allowed is null ? "an answer" : "302 to /signin?returnUrl=…")}");

            foreach (var role in People)
            {
                response = await clients[role].GetAsync(row.Url);
                location = response.Headers.Location?.PathAndQueryOrRelative() ?? "";
                var allowed = row.Allowed?.Contains(role) ?? true;
                var ok = row.Allowed is null ? Public(response, location)
                    : allowed ? (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect || (row.NotFoundIsAnAnswer && response.StatusCode == HttpStatusCode.NotFound)) && !location.StartsWith("/forbidden", StringComparison.Ordinal) && !location.StartsWith("/signin", StringComparison.Ordinal)
                    : response.StatusCode == HttpStatusCode.Redirect && location.StartsWith("/forbidden", StringComparison.Ordinal);
                if (!ok)
                    failures.Add($"{row.Url} as {role} → {(int)response.StatusCode} {location}, expected {(allowed ? "the page" : "302 to /forbidden")}");
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void The_table_lists_every_page_the_app_maps()
    {
        var mapped = App.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageRouteMetadata>() is not null)
            .Select(e => e.RoutePattern.RawText?.Trim('/') ?? "")
            .ToHashSet();

        mapped.Should().BeEquivalentTo(Rows.Select(r => r.Pattern));
    }

    [Fact]
    public async Task Pages_redirect_to_sign_in_while_the_API_keeps_answering_401_and_403_problems()
    {
        using var anonymous = App.CreateClient();
        var officer = await App.SignInAsync(Role.Officer, officerId: 2);

        var page = await anonymous.GetAsync("/runs");
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.PathAndQueryOrRelative().Should().Be("/signin?returnUrl=%2Fruns");

        var api = await anonymous.GetAsync("/api/runs");
        api.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        api.Headers.Location.Should().BeNull();
        api.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");

        var forbiddenPage = await officer.GetAsync("/runs");
        forbiddenPage.StatusCode.Should().Be(HttpStatusCode.Redirect);
        forbiddenPage.Headers.Location!.PathAndQueryOrRelative().Should().StartWith("/forbidden");
        (await officer.GetAsync(forbiddenPage.Headers.Location)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var forbiddenApi = await officer.GetAsync("/api/runs");
        forbiddenApi.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        forbiddenApi.Headers.Location.Should().BeNull();
        forbiddenApi.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task An_auditor_reads_the_dashboard_as_the_API_allows_but_starts_at_the_audit_log()
    {
        var auditor = await App.SignInAsync(Role.Auditor);

        var home = await auditor.GetAsync("/");
        var dashboard = await auditor.GetAsync("/dashboard");

        home.StatusCode.Should().Be(HttpStatusCode.Redirect);
        home.Headers.Location!.PathAndQueryOrRelative().Should().Be("/audit");
        dashboard.StatusCode.Should().Be(HttpStatusCode.OK);
        (await dashboard.Content.ReadAsStringAsync()).Should().Contain("href=\"/dashboard\"", "the menu offers what the role may open");
    }

    [Fact]
    public async Task A_page_error_is_a_page_in_the_readers_language_while_the_API_keeps_its_problem_details()
    {
        var inspector = await App.SignInAsync(Role.Inspector);

        var missing = await inspector.GetAsync("/no-such-page");
        var apiMissing = await inspector.GetAsync("/api/no-such-endpoint");

        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await missing.Content.ReadAsStringAsync()).Should().Contain("页面不存在").And.Contain("不在您的权限范围内");
        apiMissing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        apiMissing.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/runs?period=2026-10", "/runs?period=2026-10")]
    public async Task Sign_in_returns_only_to_a_local_address(string returnUrl, string expected)
    {
        var user = await App.CreateUserAsync(Role.Inspector);
        using var client = App.CreateClient();

        var response = await PostSignInAsync(client, user.UserName, TestApp.Password, returnUrl);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be(expected);
    }

    [Fact]
    public async Task Sign_in_through_the_page_is_the_same_as_through_the_API_including_lockout()
    {
        var user = await App.CreateUserAsync(Role.Leader);
        using var client = App.CreateClient();

        for (var i = 0; i < 4; i++)
            (await ReadAsync(await PostSignInAsync(client, user.UserName, "wrong password"))).Should().Contain("用户名或密码错误");
        var locked = await ReadAsync(await PostSignInAsync(client, user.UserName, "wrong password"));
        locked.Should().Contain("账号已锁定至");

        (await ReadAsync(await PostSignInAsync(client, "nobody-" + Guid.NewGuid().ToString("N")[..8], "wrong password"))).Should().Contain("用户名或密码错误");
        (await ReadAsync(await PostSignInAsync(client, user.UserName, TestApp.Password))).Should().Contain("账号已锁定至", "the right password does not open a locked account");
    }

    [Fact]
    public async Task A_form_post_without_the_anti_forgery_token_is_refused()
    {
        var user = await App.CreateUserAsync(Role.Inspector);
        using var client = App.CreateClient();

        var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = user.UserName, ["Password"] = TestApp.Password }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/runs", "/runs")]
    public async Task The_language_switch_sets_a_cookie_and_returns_only_locally(string returnUrl, string expected)
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync($"/culture?c=en&returnUrl={Uri.EscapeDataString(returnUrl)}");

        response.Headers.Location!.OriginalString.Should().Be(expected);
        response.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den", StringComparison.Ordinal));
        (await (await client.GetAsync("/signin")).Content.ReadAsStringAsync()).Should().Contain("<html lang=\"en\">").And.Contain("User name");
    }

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string userName, string password, string? returnUrl = null)
    {
        var form = await (await client.GetAsync("/signin")).Content.ReadAsStringAsync();
        var token = AntiForgeryToken().Match(form).Groups[1].Value;
        var fields = new Dictionary<string, string> { ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token };
        if (returnUrl is not null) fields["ReturnUrl"] = returnUrl;
        return await client.PostAsync("/signin", new FormUrlEncodedContent(fields));
    }

    /// <summary>A public page answers on its own terms (the forbidden page is a 403), but never with a sign-in redirect or a 5xx.</summary>
    private static bool Public(HttpResponseMessage response, string location) =>
        (int)response.StatusCode < 500 && !location.StartsWith("/signin?", StringComparison.Ordinal);

    private static Task<string> ReadAsync(HttpResponseMessage response) => response.Content.ReadAsStringAsync();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}

internal static class LocationExtensions
{
    public static string PathAndQueryOrRelative(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}

public sealed class PageAccessTestsOnSqlite(SqliteApp fixture) : PageAccessTests<SqliteApp>(fixture);

public sealed class PageAccessTestsOnPostgres(PostgresApp fixture) : PageAccessTests<PostgresApp>(fixture);
