using System.Net;
using AssessmentEngine.Client;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Infrastructure;

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
}

public sealed class AccountsThroughClientTestsOnSqlite(SqliteApp app) : AccountsThroughClientTests<SqliteApp>(app);

public sealed class AccountsThroughClientTestsOnPostgres(PostgresApp app) : AccountsThroughClientTests<PostgresApp>(app);
