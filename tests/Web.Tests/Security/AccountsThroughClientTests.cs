using System.Net;
using AssessmentEngine.Client;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Security;

/// <summary>
/// Account administration through the typed client, over real HTTP: an administrator creates a person and a machine token,
/// the token works until it is revoked, and an auditor reads every step in the audit log.
/// </summary>
public abstract class AccountsThroughClientTests<TApp>(TApp fixture) : IClassFixture<TApp>
    where TApp : TestAppFixture
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task An_administrator_manages_users_and_tokens_and_an_auditor_reads_what_happened()
    {
        var admin = AssessmentEngineClient.Create(await App.AdminAsync());

        var user = await admin.CreateUserAsync(new NewUser("client-leader", "李队长", "Leader", null, null, TestApp.Password));
        (await admin.UsersAsync()).Should().Contain(u => u.Id == user.Id && u.DisplayName == "李队长" && u.Role == "Leader");
        var leader = AssessmentEngineClient.Create(App.CreateClient());
        (await leader.SignInAsync(new SignInRequest("client-leader", TestApp.Password))).Role.Should().Be("Leader");
        await admin.ResetPasswordAsync(user.Id, new NewPassword("a new correct horse battery"));

        var issued = await admin.CreateTokenAsync(new NewToken("client-terminal", "System", null));
        issued.Secret.Should().StartWith("ae_");
        var machine = AssessmentEngineClient.Create(App.CreateBearerClient(issued.Secret));
        (await machine.MeAsync()).Kind.Should().Be("Token");
        (await admin.RevokeTokenAsync(issued.Token.Id)).RevokedBy.Should().Be("admin");
        var refused = await Assert.ThrowsAnyAsync<Refit.ApiException>(() => machine.MeAsync());
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await admin.TokensAsync()).Should().Contain(t => t.Id == issued.Token.Id && t.RevokedAt != null);

        var auditor = AssessmentEngineClient.Create(await App.SignInAsync(Role.Auditor));
        var entries = (await auditor.AuditAsync(pageSize: 500)).Items;
        entries.Should().Contain(e => e.Action == "CreateUser" && e.EntityId == user.Id.ToString());
        entries.Should().Contain(e => e.Action == "ResetPassword" && e.EntityId == user.Id.ToString());
        entries.Should().Contain(e => e.Action == "RevokeApiToken" && e.EntityId == issued.Token.Id.ToString());
        entries.Should().NotContain(e => (e.After.HasValue && e.After.Value.GetRawText().Contains(issued.Secret)), "a token's secret is never logged");
    }

    [Fact]
    public async Task Disabling_rotating_and_changing_a_password_work_through_the_client()
    {
        await using (var db = App.Database.CreateContext())
        {
            // Ids far from other tests' units: the fixture's database is shared by the class.
            if (!await db.Units.AnyAsync(u => u.Id == 7001))
            {
                var detachment = Unit.Detachment(7001, "D7001", "七支队");
                var brigade7 = Unit.Brigade(7002, "B7002", "七大队", detachment);
                db.Units.AddRange(detachment, brigade7, Unit.Squad(7003, "S7003", "一中队", brigade7));
                await db.SaveChangesAsync();
            }
        }

        var admin = AssessmentEngineClient.Create(await App.AdminAsync());
        var units = await admin.UnitsAsync();
        var brigade = units.Single(u => u.Id == 7002);
        var squad = units.Single(u => u.Id == 7003);
        var user = await admin.CreateUserAsync(new NewUser("client-inspector", "王督察", "Inspector", brigade.Id, null, TestApp.Password));

        (await admin.DisableUserAsync(user.Id)).DisabledAt.Should().NotBeNull();
        var disabled = await Assert.ThrowsAnyAsync<Refit.ApiException>(() =>
            AssessmentEngineClient.Create(App.CreateClient()).SignInAsync(new SignInRequest("client-inspector", TestApp.Password)));
        (await admin.EnableUserAsync(user.Id)).DisabledAt.Should().BeNull();
        var inspector = AssessmentEngineClient.Create(App.CreateClient());
        await inspector.SignInAsync(new SignInRequest("client-inspector", TestApp.Password));
        await inspector.ChangePasswordAsync(new PasswordChange(TestApp.Password, "another correct horse battery"));
        var again = AssessmentEngineClient.Create(App.CreateClient());
        (await again.SignInAsync(new SignInRequest("client-inspector", "another correct horse battery"))).Name.Should().Be("client-inspector");

        var first = await admin.CreateTokenAsync(new NewToken("client-rotated", "System", null));
        var second = await admin.RotateTokenAsync(first.Token.Id);
        var oldSecret = await Assert.ThrowsAnyAsync<Refit.ApiException>(() => AssessmentEngineClient.Create(App.CreateBearerClient(first.Secret)).MeAsync());
        var newSecret = await AssessmentEngineClient.Create(App.CreateBearerClient(second.Secret)).MeAsync();

        squad.FullName.Should().Be("七大队·一中队", "a unit is named with its parents below the detachment");
        disabled.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        second.Token.Name.Should().Be("client-rotated");
        second.Secret.Should().NotBe(first.Secret);
        oldSecret.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        newSecret.Kind.Should().Be("Token");
    }
}

public sealed class AccountsThroughClientTestsOnSqlite(SqliteApp app) : AccountsThroughClientTests<SqliteApp>(app);

public sealed class AccountsThroughClientTestsOnPostgres(PostgresApp app) : AccountsThroughClientTests<PostgresApp>(app);
