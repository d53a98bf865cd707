using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Security;

public abstract class AccessTests<TApp>(TApp fixture) : IClassFixture<TApp>
    where TApp : TestAppFixture
{
    private TestApp App => fixture.App;

    [Theory]
    [InlineData("/api/auth/me")]
    [InlineData("/api/users")]
    [InlineData("/api/audit")]
    [InlineData("/openapi/v1.json")]
    public async Task An_anonymous_call_is_a_401_problem_never_a_redirect(string path)
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.Location.Should().BeNull();
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Health_answers_without_signing_in()
    {
        using var client = App.CreateClient();

        (await client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_signed_in_user_without_the_role_gets_a_403_problem()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);

        var response = await inspector.GetAsync("/api/users");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_bearer_token_authenticates_a_machine_client_with_the_token_role_and_scope()
    {
        var issued = await App.CreateTokenAsync(Role.System, unitId: 3, name: "bodycam connector");
        using var client = App.CreateBearerClient(issued.Secret);

        var me = await client.GetFromJsonAsync<AccountsApi.Actor>("/api/auth/me", TestApp.Json);

        issued.Secret.Should().StartWith("ae_");
        me.Should().Be(new AccountsApi.Actor("bodycam connector", ActorKind.Token, Role.System, 3, null));
        var listed = await (await App.AdminAsync()).GetFromJsonAsync<List<ApiTokenView>>("/api/tokens", TestApp.Json);
        listed!.Single(t => t.Id == issued.Token.Id).LastUsedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task A_bearer_token_with_an_admin_role_reaches_admin_endpoints_and_a_system_token_does_not()
    {
        using var admin = App.CreateBearerClient((await App.CreateTokenAsync(Role.Admin)).Secret);
        using var system = App.CreateBearerClient((await App.CreateTokenAsync(Role.System)).Secret);

        (await admin.GetAsync("/api/users")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await system.GetAsync("/api/users")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_revoked_or_unknown_token_is_401()
    {
        var issued = await App.CreateTokenAsync();
        using var client = App.CreateBearerClient(issued.Secret);
        (await client.GetAsync("/api/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        var revoke = await (await App.AdminAsync()).PostAsync($"/api/tokens/{issued.Token.Id}/revoke", null);
        var afterRevoke = await client.GetAsync("/api/auth/me");
        using var forged = App.CreateBearerClient(issued.Secret[..^4] + "AAAA");

        revoke.StatusCode.Should().Be(HttpStatusCode.OK);
        afterRevoke.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        afterRevoke.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        (await forged.GetAsync("/api/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_revoked_on_another_node_is_refused_once_the_cache_lifetime_has_passed()
    {
        var issued = await App.CreateTokenAsync();
        using var client = App.CreateBearerClient(issued.Secret);
        (await client.GetAsync("/api/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Another node revokes it: the row changes, this node's cache does not hear of it.
        await using (var db = App.Database.CreateContext())
            await db.Set<ApiToken>().Where(t => t.Id == issued.Token.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, DateTime.UtcNow));
        var withinLifetime = await client.GetAsync("/api/auth/me");
        App.Clock.Advance(TimeSpan.FromSeconds(31));
        var afterLifetime = await client.GetAsync("/api/auth/me");

        withinLifetime.StatusCode.Should().Be(HttpStatusCode.OK, "the node trusts a checked token for 30 s (Security:TokenCacheLifetime)");
        afterLifetime.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_database_holds_only_the_hash_of_a_token_never_its_text()
    {
        var issued = await App.CreateTokenAsync(name: "hash check");

        await using var db = App.Database.CreateContext();
        var stored = await db.Set<ApiToken>().SingleAsync(t => t.Id == issued.Token.Id);
        var everyTextColumn = string.Join("|", stored.Name, stored.Prefix, stored.Hash, stored.CreatedBy, stored.RevokedBy);
        var auditTrail = string.Join("|", await db.Set<AssessmentEngine.Web.Infrastructure.Auditing.AuditEntry>().Select(e => e.AfterJson ?? "").ToListAsync());

        everyTextColumn.Should().NotContain(issued.Secret);
        auditTrail.Should().NotContain(issued.Secret);
        stored.Hash.Should().Be(ApiToken.HashOf(issued.Secret)).And.HaveLength(64);
        issued.Secret.Should().StartWith(stored.Prefix);
    }

    [Fact]
    public async Task A_unit_scoped_admin_cannot_create_accounts_outside_their_unit_and_is_told_not_found()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            // Two units side by side: an account's unit must exist for the API to create it.
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            foreach (var id in new long[] { 10, 11 }.Where(id => !db.Units.Any(u => u.Id == id)))
                db.Units.Add(Unit.Detachment(id, $"U{id}", $"单位{id}"));
            await db.SaveChangesAsync();
        }
        using var scopedAdmin = await App.SignInAsync(Role.Admin, unitId: 10);
        object NewUser(long? unitId) => new { userName = $"scoped{Guid.NewGuid():N}"[..20], displayName = "x", role = Role.Leader, unitId, password = TestApp.Password };

        var inside = await scopedAdmin.PostAsJsonAsync("/api/users", NewUser(10), TestApp.Json);
        var outside = await scopedAdmin.PostAsJsonAsync("/api/users", NewUser(11), TestApp.Json);
        var wholeDetachment = await scopedAdmin.PostAsJsonAsync("/api/users", NewUser(null), TestApp.Json);
        var listed = await scopedAdmin.GetFromJsonAsync<List<UserView>>("/api/users", TestApp.Json);

        inside.StatusCode.Should().Be(HttpStatusCode.Created);
        outside.StatusCode.Should().Be(HttpStatusCode.NotFound);
        wholeDetachment.StatusCode.Should().Be(HttpStatusCode.NotFound);
        listed.Should().OnlyContain(u => u.UnitId == 10);
    }

    [Fact]
    public async Task Every_validation_error_of_a_request_is_reported_by_field()
    {
        var admin = await App.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/users",
            new { userName = "bad name!", displayName = "", role = Role.Officer, unitId = 1, password = "short" }, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("userName", "displayName", "officerId", "password", "unitId");
    }

    [Fact]
    public async Task A_taken_user_name_is_a_validation_error()
    {
        var existing = await App.CreateUserAsync(Role.Auditor);

        var response = await (await App.AdminAsync()).PostAsJsonAsync("/api/users",
            new { existing.UserName, displayName = "again", role = Role.Auditor, password = TestApp.Password }, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("userName")[0].GetString().Should().Contain("taken");
    }

    [Fact]
    public async Task The_openapi_document_needs_a_signed_in_user_and_declares_cookie_and_bearer_schemes()
    {
        using var client = await App.SignInAsync(Role.Inspector);

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        schemes.GetProperty("cookie").GetProperty("in").GetString().Should().Be("cookie");
        schemes.GetProperty("bearer").GetProperty("scheme").GetString().Should().Be("bearer");
        document.GetProperty("paths").TryGetProperty("/api/auth/login", out _).Should().BeTrue();
    }
}

public sealed class AccessTestsOnSqlite(SqliteApp app) : AccessTests<SqliteApp>(app);

public sealed class AccessTestsOnPostgres(PostgresApp app) : AccessTests<PostgresApp>(app);
