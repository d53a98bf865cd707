using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Security;

public abstract class SignInTests<TApp>(TApp fixture) : IClassFixture<TApp>
    where TApp : TestAppFixture
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task The_right_password_sets_an_http_only_cookie_and_me_tells_who_is_signed_in()
    {
        var user = await App.CreateUserAsync(Role.Inspector, unitId: 7);
        using var client = App.CreateClient();

        var login = await client.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = TestApp.Password });
        var me = await client.GetFromJsonAsync<AccountsApi.Actor>("/api/auth/me", TestApp.Json);

        login.StatusCode.Should().Be(HttpStatusCode.OK);
        login.Headers.GetValues("Set-Cookie").Should().ContainSingle(c => c.StartsWith(AuthCookie.Name + "=", StringComparison.Ordinal))
            .Which.Should().Contain("httponly").And.Contain("samesite=strict");
        me.Should().Be(new AccountsApi.Actor(user.UserName, ActorKind.User, Role.Inspector, 7, null));
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_problem_without_a_cookie()
    {
        var user = await App.CreateUserAsync(Role.Leader);
        using var client = App.CreateClient();

        var login = await client.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = "not the password" });

        login.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        login.Headers.Contains("Set-Cookie").Should().BeFalse();
        (await ProblemOf(login)).GetProperty("detail").GetString().Should().Be("Wrong user name or password.");
        (await client.GetAsync("/api/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_user_gets_the_same_answer_as_a_wrong_password()
    {
        using var client = App.CreateClient();

        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "nobody", password = "whatever-it-is" });

        login.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ProblemOf(login)).GetProperty("detail").GetString().Should().Be("Wrong user name or password.");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes_even_against_the_right_password()
    {
        var user = await App.CreateUserAsync(Role.Leader);
        using var client = App.CreateClient();
        async Task<HttpResponseMessage> Attempt(string password) =>
            await client.PostAsJsonAsync("/api/auth/login", new { user.UserName, password });

        for (var i = 0; i < UserAccount.MaxFailedSignIns; i++)
            (await Attempt("wrong password " + i)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var whileLocked = await Attempt(TestApp.Password);
        App.Clock.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = await Attempt(TestApp.Password);
        App.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var afterLockout = await Attempt(TestApp.Password);

        whileLocked.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ProblemOf(whileLocked)).GetProperty("detail").GetString().Should().StartWith("Too many wrong passwords");
        stillLocked.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        afterLockout.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_passwords_sent_in_parallel_are_all_counted()
    {
        var user = await App.CreateUserAsync(Role.Leader);
        using var client = App.CreateClient();

        var guesses = await Task.WhenAll(Enumerable.Range(0, UserAccount.MaxFailedSignIns * 2)
            .Select(i => client.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = "parallel guess " + i })));
        var withTheRightPassword = await client.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = TestApp.Password });

        guesses.Select(g => g.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        withTheRightPassword.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ProblemOf(withTheRightPassword)).GetProperty("detail").GetString().Should().StartWith("Too many wrong passwords");
    }

    [Fact]
    public async Task An_admin_can_lift_a_lockout()
    {
        var user = await App.CreateUserAsync(Role.Leader);
        using var client = App.CreateClient();
        for (var i = 0; i < UserAccount.MaxFailedSignIns; i++)
            await client.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = "wrong password" });

        var unlock = await (await App.AdminAsync()).PostAsync($"/api/users/{user.Id}/unlock", null);
        var login = await client.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = TestApp.Password });

        unlock.StatusCode.Should().Be(HttpStatusCode.OK);
        login.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        using var client = await App.SignInAsync(Role.Inspector);

        var logout = await client.PostAsync("/api/auth/logout", null);
        var me = await client.GetAsync("/api/auth/me");

        logout.StatusCode.Should().Be(HttpStatusCode.NoContent);
        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_copy_of_the_cookie_taken_before_logout_is_refused_by_the_api_and_the_pages()
    {
        var user = await App.CreateUserAsync(Role.Leader);
        var jar = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = App.BaseAddress };
        (await browser.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = TestApp.Password })).EnsureSuccessStatusCode();
        var copied = jar.GetCookieHeader(App.BaseAddress);
        (await SendWithCookie(App.BaseAddress, "/api/auth/me", copied)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await browser.PostAsync("/api/auth/logout", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var api = await SendWithCookie(App.BaseAddress, "/api/auth/me", copied);
        var page = await SendWithCookie(App.BaseAddress, "/dashboard", copied);

        api.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/signin");
    }

    [Fact]
    public async Task Logout_on_one_node_ends_the_session_on_another_node_within_the_cache_lifetime()
    {
        var user = await App.CreateUserAsync(Role.Inspector);
        var jar = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = jar }) { BaseAddress = App.BaseAddress };
        (await browser.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = TestApp.Password })).EnsureSuccessStatusCode();
        var copied = jar.GetCookieHeader(App.BaseAddress);
        await using var secondNode = await TestApp.StartSecondNodeAsync(App);
        await using var thirdNode = await TestApp.StartSecondNodeAsync(App);
        (await SendWithCookie(secondNode.BaseAddress, "/api/auth/me", copied)).StatusCode.Should().Be(HttpStatusCode.OK, "the second node now trusts the session for a while");

        (await browser.PostAsync("/api/auth/logout", null)).EnsureSuccessStatusCode();
        var unseen = await SendWithCookie(thirdNode.BaseAddress, "/api/auth/me", copied);
        secondNode.Clock.Advance(new AccountOptions().TokenCacheLifetime + TimeSpan.FromSeconds(1));
        var afterCache = await SendWithCookie(secondNode.BaseAddress, "/api/auth/me", copied);

        unseen.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a node that had not cached the session asks the database");
        afterCache.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a cached session is asked again once its entry expires");
        await using var db = App.Database.CreateContext();
        (await db.Set<UserSession>().Where(s => s.UserId == user.Id).Select(s => s.EndedAt).SingleAsync()).Should().NotBeNull();
    }

    [Fact]
    public async Task A_password_reset_ends_the_sessions_signed_in_with_the_old_password()
    {
        var user = await App.CreateUserAsync(Role.Inspector);
        using var client = await App.SignInAsync(user.UserName, TestApp.Password);

        var reset = await (await App.AdminAsync()).PostAsJsonAsync($"/api/users/{user.Id}/password", new { password = "a brand new password" });
        var me = await client.GetAsync("/api/auth/me");

        reset.StatusCode.Should().Be(HttpStatusCode.OK);
        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await App.SignInAsync(user.UserName, "a brand new password")).Dispose();
    }

    [Fact]
    public async Task A_session_cookie_from_one_node_is_accepted_by_another_node_on_the_same_database()
    {
        var user = await App.CreateUserAsync(Role.Inspector);
        var jar = new CookieContainer();
        using var firstNodeClient = new HttpClient(new SocketsHttpHandler { CookieContainer = jar }) { BaseAddress = App.BaseAddress };
        (await firstNodeClient.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = TestApp.Password })).EnsureSuccessStatusCode();
        await using var secondNode = await TestApp.StartSecondNodeAsync(App);
        var cookie = jar.GetCookieHeader(App.BaseAddress);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(secondNode.BaseAddress, "/api/auth/me"));
        request.Headers.Add("Cookie", cookie);
        using var plain = new HttpClient();
        var response = await plain.SendAsync(request);

        cookie.Should().StartWith(AuthCookie.Name + "=");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await using var db = App.Database.CreateContext();
        (await db.Set<DataProtectionKey>().CountAsync()).Should().BeGreaterThan(0, "the key ring lives in the shared database, not on one node's disk");
    }

    private static async Task<HttpResponseMessage> SendWithCookie(Uri node, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node, path));
        request.Headers.Add("Cookie", cookie);
        using var plain = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
        return await plain.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

public sealed class SignInTestsOnSqlite(SqliteApp app) : SignInTests<SqliteApp>(app);

public sealed class SignInTestsOnPostgres(PostgresApp app) : SignInTests<PostgresApp>(app);
