using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Security;

/// <summary>
/// Issue #15, administration over real HTTP: links to units and officers must exist and be within the admin's units, user
/// names are unique ignoring case, a wrong role lists the valid ones; a password an admin chose must be changed before
/// anything else; a disabled account cannot sign in and its session ends; a rotated token replaces the old one; the unit
/// tree names each unit after its parents.
/// </summary>
public abstract class AccountAdministrationTests<TApp>(TApp fixture) : IClassFixture<TApp>, IAsyncLifetime
    where TApp : TestAppFixture
{
    private TestApp App => fixture.App;

    public async Task InitializeAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        if (!await db.Officers.AnyAsync(o => o.Id == 2))
            await ConstructedBrigade.SeedAsync(db, [Pages.BrowserFixture.October]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static object NewUser(string userName, string role, long? unitId = null, long? officerId = null, bool? mustChangePassword = null) =>
        new { userName, displayName = "新用户", role, unitId, officerId, password = TestApp.Password, mustChangePassword };

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task Links_to_units_and_officers_must_exist_and_lie_within_the_admins_units()
    {
        var admin = await App.AdminAsync();

        (await ErrorsOf(await admin.PostAsJsonAsync("/api/users", NewUser("ghost-officer", "Officer", officerId: 99999))))
            .GetProperty("officerId")[0].GetString().Should().Be("There is no officer 99999 within your units.");
        (await ErrorsOf(await admin.PostAsJsonAsync("/api/users", NewUser("ghost-leader", "Leader", unitId: 99999))))
            .GetProperty("unitId")[0].GetString().Should().Contain("There is no unit 99999");
        (await ErrorsOf(await admin.PostAsJsonAsync("/api/users", NewUser("wrong-squad", "Officer", unitId: ConstructedBrigade.SquadA, officerId: 4))))
            .GetProperty("officerId")[0].GetString().Should().Be("Officer 4 does not belong to unit 101.");

        var adminOfSquadA = await App.SignInAsync(Role.Admin, ConstructedBrigade.SquadA);
        (await ErrorsOf(await adminOfSquadA.PostAsJsonAsync("/api/users", NewUser("out-of-scope", "Officer", unitId: ConstructedBrigade.SquadA, officerId: 4))))
            .GetProperty("officerId")[0].GetString().Should().Be("There is no officer 4 within your units.");
        (await adminOfSquadA.PostAsJsonAsync("/api/users", NewUser($"a2-{Guid.NewGuid():N}"[..12], "Officer", ConstructedBrigade.SquadA, officerId: 2)))
            .StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task User_names_are_unique_ignoring_case_and_a_wrong_role_lists_the_valid_ones()
    {
        var admin = await App.AdminAsync();
        var name = $"Zhao{Guid.NewGuid():N}"[..12];
        (await admin.PostAsJsonAsync("/api/users", NewUser(name, "Leader", ConstructedBrigade.Brigade))).StatusCode.Should().Be(HttpStatusCode.Created);

        (await ErrorsOf(await admin.PostAsJsonAsync("/api/users", NewUser(name.ToLowerInvariant(), "Leader"))))
            .GetProperty("userName")[0].GetString().Should().Contain("is taken");
        (await ErrorsOf(await admin.PostAsJsonAsync("/api/users", NewUser("ADMIN", "Admin"))))
            .GetProperty("userName")[0].GetString().Should().Contain("is taken");

        var wrongRole = await admin.PostAsJsonAsync("/api/users", NewUser("chief", "Chief"));
        var body = await wrongRole.Content.ReadAsStringAsync();
        (await ErrorsOf(wrongRole)).GetProperty("role")[0].GetString().Should().Be("'Chief' is not one of Admin, Inspector, Leader, Officer, Auditor, System.");
        body.Should().NotContain("AssessmentEngine").And.NotContain("could not be converted");
        (await ErrorsOf(await admin.PostAsJsonAsync("/api/users", NewUser("machine", "System"))))
            .GetProperty("role")[0].GetString().Should().StartWith("Role must be one of Admin, Inspector, Leader, Officer, Auditor");
    }

    [Fact]
    public async Task A_password_the_admin_chose_must_be_changed_before_anything_else_and_a_reset_asks_again()
    {
        var admin = await App.AdminAsync();
        var name = $"new{Guid.NewGuid():N}"[..12];
        var created = await admin.PostAsJsonAsync("/api/users", NewUser(name, "Inspector"));
        var user = (await created.Content.ReadFromJsonAsync<UserView>(TestApp.Json))!;
        user.MustChangePassword.Should().BeTrue();

        var client = await App.SignInAsync(name, TestApp.Password);
        (await client.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("mustChangePassword").GetBoolean().Should().BeTrue();
        var held = await client.GetAsync("/api/units");
        held.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await held.Content.ReadAsStringAsync()).Should().Contain("POST /api/auth/password");

        (await ErrorsOf(await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = "not the password", newPassword = "my own new password" })))
            .GetProperty("currentPassword")[0].GetString().Should().Be("The current password is wrong.");
        (await ErrorsOf(await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = TestApp.Password, newPassword = "short" })))
            .GetProperty("newPassword")[0].GetString().Should().Contain("at least 10");
        (await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = TestApp.Password, newPassword = "my own new password" }))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.GetAsync("/api/units")).StatusCode.Should().Be(HttpStatusCode.OK, "the same session goes on under its renewed cookie");

        (await admin.PostAsJsonAsync($"/api/users/{user.Id}/password", new { password = "an admin's new password" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/api/units")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a reset ends the sessions");
        var again = await App.SignInAsync(name, "an admin's new password");
        (await again.GetAsync("/api/units")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a reset password must be changed too");
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_its_session_ends_until_it_is_enabled()
    {
        var admin = await App.AdminAsync();
        var user = await App.CreateUserAsync(Role.Auditor);
        var session = await App.SignInAsync(user.UserName, TestApp.Password);

        var disabled = await admin.PostAsync($"/api/users/{user.Id}/disable", null);
        (await disabled.Content.ReadFromJsonAsync<UserView>(TestApp.Json))!.DisabledAt.Should().NotBeNull();

        (await session.GetAsync("/api/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var signIn = await App.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = TestApp.Password });
        signIn.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await signIn.Content.ReadAsStringAsync()).Should().Contain("disabled");

        (await admin.PostAsync($"/api/users/{user.Id}/enable", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await App.SignInAsync(user.UserName, TestApp.Password)).GetAsync("/api/audit")).StatusCode.Should().Be(HttpStatusCode.OK);

        var self = (await admin.GetFromJsonAsync<List<UserView>>("/api/users", TestApp.Json))!.Single(u => u.UserName == CreateInitialAdmin.UserName);
        (await admin.PostAsync($"/api/users/{self.Id}/disable", null)).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_rotated_token_replaces_the_old_one_at_once()
    {
        var admin = await App.AdminAsync();
        var issued = await App.CreateTokenAsync(Role.Auditor, name: $"rotate-{Guid.NewGuid():N}");
        using var old = App.CreateBearerClient(issued.Secret);
        (await old.GetAsync("/api/audit")).StatusCode.Should().Be(HttpStatusCode.OK);

        var rotated = await admin.PostAsync($"/api/tokens/{issued.Token.Id}/rotate", null);

        rotated.StatusCode.Should().Be(HttpStatusCode.Created);
        var replacement = (await rotated.Content.ReadFromJsonAsync<IssuedApiToken>(TestApp.Json))!;
        replacement.Token.Name.Should().Be(issued.Token.Name);
        replacement.Token.Role.Should().Be(Role.Auditor);
        (await old.GetAsync("/api/audit")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var fresh = App.CreateBearerClient(replacement.Secret);
        (await fresh.GetAsync("/api/audit")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/tokens/{issued.Token.Id}/rotate", null)).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_unit_tree_names_each_unit_after_its_parents_within_the_callers_scope()
    {
        var leader = await App.SignInAsync(Role.Leader, ConstructedBrigade.Brigade);

        var units = await leader.GetFromJsonAsync<JsonElement>("/api/units");

        units.EnumerateArray().Select(u => (u.GetProperty("id").GetInt64(), u.GetProperty("fullName").GetString(), u.GetProperty("depth").GetInt32()))
            .Should().Equal((ConstructedBrigade.Brigade, "一大队", 1), (ConstructedBrigade.SquadA, "一大队·一中队", 2), (ConstructedBrigade.SquadB, "一大队·二中队", 2));
    }
}

public sealed class AccountAdministrationTestsOnSqlite(SqliteApp app) : AccountAdministrationTests<SqliteApp>(app);

public sealed class AccountAdministrationTestsOnPostgres(PostgresApp app) : AccountAdministrationTests<PostgresApp>(app);
