using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Web.Features.Audit;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Audit;

public abstract class AuditLogTests<TApp>(TApp fixture) : IClassFixture<TApp>
    where TApp : TestAppFixture
{
    private TestApp App => fixture.App;

    /// <summary>Units for the accounts these tests scope; an account's unit must exist to be created through the API.</summary>
    private async Task UnitsAsync(params long[] ids)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        foreach (var id in ids)
        {
            if (!await db.Units.AnyAsync(u => u.Id == id))
                db.Units.Add(Unit.Detachment(id, $"U{id}", $"单位{id}"));
        }
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Successful_and_failed_sign_ins_are_audited_with_the_name_that_was_tried()
    {
        var user = await App.CreateUserAsync(Role.Leader);
        using var client = App.CreateClient();
        await client.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = "wrong password" });
        await client.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = TestApp.Password });

        var entries = await Search($"actor={user.UserName}");

        entries.Items.Select(e => e.Action).Should().Equal("SignIn", "SignInFailed");
        entries.Items.Should().OnlyContain(e => e.EntityType == "UserAccount" && e.EntityId == user.Id.ToString() && e.IpAddress == "127.0.0.1");
        entries.Items[0].ActorKind.Should().Be("User");
        entries.Items[1].ActorKind.Should().Be("Anonymous");
        entries.Items[1].After!.Value.GetProperty("reason").GetString().Should().Be("wrong password");
    }

    [Fact]
    public async Task Creating_a_user_is_audited_with_who_did_it_and_the_state_after_but_never_the_password()
    {
        await UnitsAsync(4);
        var user = await App.CreateUserAsync(Role.Inspector, unitId: 4);

        var entry = (await Search($"entityType=UserAccount&entityId={user.Id}&action=CreateUser")).Items.Should().ContainSingle().Subject;

        entry.Actor.Should().Be("admin");
        entry.ActorKind.Should().Be("User");
        entry.Before.Should().BeNull();
        entry.After!.Value.GetProperty("userName").GetString().Should().Be(user.UserName);
        entry.After!.Value.GetProperty("unitId").GetInt64().Should().Be(4);
        entry.After!.Value.GetProperty("role").GetString().Should().Be("Inspector");
        entry.After!.Value.GetRawText().Should().NotContain(TestApp.Password).And.NotContainEquivalentOf("hash");
        entry.RequestId.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Unlocking_a_user_is_audited_with_the_state_before_and_after()
    {
        var user = await App.CreateUserAsync(Role.Leader);
        using var client = App.CreateClient();
        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/api/auth/login", new { user.UserName, password = "wrong password" });
        await (await App.AdminAsync()).PostAsync($"/api/users/{user.Id}/unlock", null);

        var entry = (await Search($"entityId={user.Id}&action=UnlockUser")).Items.Should().ContainSingle().Subject;

        entry.Before!.Value.GetProperty("lockedUntil").ValueKind.Should().Be(JsonValueKind.String);
        entry.After!.Value.GetProperty("lockedUntil").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Issuing_and_revoking_a_token_are_audited()
    {
        var issued = await App.CreateTokenAsync(name: "audited token");
        await (await App.AdminAsync()).PostAsync($"/api/tokens/{issued.Token.Id}/revoke", null);

        var entries = await Search($"entityType=ApiToken&entityId={issued.Token.Id}");

        entries.Items.Select(e => e.Action).Should().Equal("RevokeApiToken", "CreateApiToken");
        entries.Items[0].After!.Value.GetProperty("revokedBy").GetString().Should().Be("admin");
    }

    [Fact]
    public async Task The_audit_log_is_paged_newest_first_and_filtered_by_time()
    {
        var start = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 3; i++) await App.CreateUserAsync(Role.Auditor);
        App.Clock.Advance(TimeSpan.FromHours(1));

        var window = $"from={Uri.EscapeDataString(start.AddMinutes(30).ToString("O"))}&to={Uri.EscapeDataString(start.AddMinutes(90).ToString("O"))}";
        var first = await Search($"{window}&action=CreateUser&pageSize=2&page=1");
        var second = await Search($"{window}&action=CreateUser&pageSize=2&page=2");

        first.Total.Should().Be(3);
        first.Items.Should().HaveCount(2);
        second.Items.Should().ContainSingle();
        first.Items.Concat(second.Items).Select(e => e.Id).Should().BeInDescendingOrder();
    }

    [Fact]
    public async Task Auditors_and_admins_read_the_audit_log_and_other_roles_do_not()
    {
        using var auditor = await App.SignInAsync(Role.Auditor);
        using var inspector = await App.SignInAsync(Role.Inspector);

        (await auditor.GetAsync("/api/audit")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await inspector.GetAsync("/api/audit")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await inspector.GetAsync("/api/audit/export?format=csv")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_csv_export_has_chinese_headers_a_byte_order_mark_and_one_row_per_entry()
    {
        var user = await App.CreateUserAsync(Role.Inspector, userName: "csv-user");
        using var auditor = await App.SignInAsync(Role.Auditor);

        var response = await auditor.GetAsync($"/api/audit/export?format=csv&entityType=UserAccount&entityId={user.Id}&action=CreateUser");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("时间（北京时间）,操作人,操作,对象类型,对象编号,变更前,变更后,所涉单位");
        lines[1].Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00,", "times are Beijing time, as on the audit page");
        lines.Should().HaveCount(2);
        lines[1].Should().Contain(",admin,CreateUser,UserAccount,").And.Contain("\"\"userName\"\":\"\"csv-user\"\"");
    }

    [Fact]
    public async Task An_auditor_scoped_to_a_unit_reads_only_the_entries_about_that_unit()
    {
        await UnitsAsync(40, 41);
        var inside = await App.CreateUserAsync(Role.Inspector, unitId: 40, userName: "scoped-inside");
        var outside = await App.CreateUserAsync(Role.Inspector, unitId: 41, userName: "scoped-outside");
        var detachmentWide = await App.CreateUserAsync(Role.Leader, userName: "scoped-detachment");
        using var unitAuditor = await App.SignInAsync(Role.Auditor, unitId: 40);

        var page = (await unitAuditor.GetFromJsonAsync<AuditPage>("/api/audit?action=CreateUser&pageSize=500", TestApp.Json))!;
        var csv = await unitAuditor.GetStringAsync("/api/audit/export?format=csv&action=CreateUser");
        var everything = await Search("action=CreateUser&pageSize=500");

        page.Items.Should().ContainSingle(e => e.EntityId == inside.Id.ToString()).Which.UnitId.Should().Be(40);
        page.Items.Should().OnlyContain(e => e.UnitId == 40);
        csv.Should().Contain("scoped-inside").And.NotContain("scoped-outside").And.NotContain("scoped-detachment");
        everything.Items.Select(e => e.EntityId).Should().Contain([inside.Id.ToString(), outside.Id.ToString(), detachmentWide.Id.ToString()],
            "an auditor of the whole detachment reads every entry");
    }

    [Fact]
    public async Task An_unknown_export_format_is_a_validation_problem()
    {
        var response = await (await App.AdminAsync()).GetAsync("/api/audit/export?format=xlsx");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_database_rejects_updating_or_deleting_an_audit_entry()
    {
        await App.CreateUserAsync(Role.Leader);
        await using var db = App.Database.CreateContext();
        var id = await db.Set<AuditEntry>().MaxAsync(e => e.Id);

        var update = () => db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET actor = 'someone else' WHERE id = {id}");
        var delete = () => db.Database.ExecuteSqlAsync($"DELETE FROM audit_entries WHERE id = {id}");

        (await update.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("append-only");
        (await delete.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("append-only");
        (await db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Id == id)).Actor.Should().NotBe("someone else");
    }

    private async Task<AuditPage> Search(string query)
    {
        using var auditor = await App.SignInAsync(Role.Auditor);
        return (await auditor.GetFromJsonAsync<AuditPage>("/api/audit?" + query, TestApp.Json))!;
    }
}

public sealed class AuditLogTestsOnSqlite(SqliteApp app) : AuditLogTests<SqliteApp>(app);

public sealed class AuditLogTestsOnPostgres(PostgresApp app) : AuditLogTests<PostgresApp>(app);
