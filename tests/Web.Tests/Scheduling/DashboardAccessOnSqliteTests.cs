using System.Net;
using System.Text.RegularExpressions;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using AssessmentEngine.Web.Tests.Pages;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Scheduling;

public sealed class DashboardSqliteApp : TestAppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Scheduling:Monthly"] = "0 2 1 * *" };
}

/// <summary>
/// The Hangfire dashboard over real HTTP: behind the application's sign-in (a browser without a session is sent to it),
/// open to administrators and inspectors only, read-only for inspectors, and its buttons refused without the antiforgery token.
/// </summary>
public partial class DashboardAccessOnSqliteTests(DashboardSqliteApp fixture) : IClassFixture<DashboardSqliteApp>
{
    private readonly TestApp _app = fixture.App;

    [Fact]
    public async Task Anonymous_readers_go_to_sign_in_and_roles_other_than_admin_and_inspector_are_refused()
    {
        var anonymous = await _app.CreateClient().GetAsync("/hangfire");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.PathAndQueryOrRelative().Should().Be("/signin?returnUrl=%2Fhangfire");

        foreach (var role in new[] { Role.Officer, Role.Leader, Role.Auditor })
        {
            var refused = await (await _app.SignInAsync(role, officerId: role == Role.Officer ? 2 : null)).GetAsync("/hangfire/recurring");
            refused.StatusCode.Should().Be(HttpStatusCode.Redirect, role.ToString());
            refused.Headers.Location!.PathAndQueryOrRelative().Should().StartWith("/forbidden", role.ToString());
        }
    }

    [Fact]
    public async Task An_admin_triggers_a_recurring_job_with_the_antiforgery_token_an_inspector_only_reads_and_nobody_acts_without_the_token()
    {
        var admin = await _app.AdminAsync();
        var inspector = await _app.SignInAsync(Role.Inspector);

        var adminPage = await admin.GetStringAsync("/hangfire/recurring");
        var inspectorPage = await inspector.GetStringAsync("/hangfire/recurring");
        var withoutToken = await admin.PostAsync("/hangfire/recurring/trigger", Form());
        var byInspector = await PostWithTokenAsync(inspector, inspectorPage);
        var jobsBefore = JobCount(_app.Services.GetRequiredService<JobStorage>());
        var byAdmin = await PostWithTokenAsync(admin, adminPage);

        adminPage.Should().Contain("周期性作业").And.Contain("evaluation-monthly").And.Contain("立即执行");
        inspectorPage.Should().Contain("evaluation-monthly").And.NotContain("立即执行", "an inspector reads the dashboard without its buttons");
        withoutToken.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        byInspector.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the dashboard is read-only for an inspector");
        byAdmin.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await Eventually.FoundAsync(() => Task.FromResult(JobCount(_app.Services.GetRequiredService<JobStorage>()) > jobsBefore ? "queued" : null), "the triggered occurrence");
    }

    [Fact]
    public async Task The_runs_page_links_the_dashboard_and_lets_an_admin_pause_resume_and_run_the_monthly_evaluation_now()
    {
        var admin = await _app.AdminAsync();
        var storage = _app.Services.GetRequiredService<JobStorage>();

        var page = await admin.GetStringAsync("/runs");
        var paused = await PostPageAsync(admin, "Pause", page);
        var resumed = await PostPageAsync(admin, "Resume", paused);
        var jobsBefore = JobCount(storage);
        var ranNow = await PostPageAsync(admin, "RunNow", resumed, new KeyValuePair<string, string>("job", "monthly"));
        var byInspector = await (await _app.SignInAsync(Role.Inspector)).GetStringAsync("/runs");

        page.Should().Contain("href=\"/hangfire\"").And.Contain("data-paused=\"false\"");
        paused.Should().Contain("data-paused=\"true\"").And.Contain("调度已暂停");
        resumed.Should().Contain("data-paused=\"false\"").And.Contain("调度已恢复");
        ranNow.Should().Contain($"已排队：monthly 评估 {EvaluationData.LastMonth.Key}");
        byInspector.Should().Contain("href=\"/hangfire\"").And.NotContain("data-testid=\"scheduler\"");
        await Eventually.FoundAsync(() => Task.FromResult(JobCount(storage) > jobsBefore ? "queued" : null), "the monthly evaluation run now");
    }

    private static long JobCount(JobStorage storage) =>
        storage.GetMonitoringApi().GetStatistics() is var s ? s.Enqueued + s.Scheduled + s.Processing + s.Succeeded + s.Failed + s.Deleted : 0;

    private static async Task<string> PostPageAsync(HttpClient client, string handler, string page, params KeyValuePair<string, string>[] fields)
    {
        var form = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", PageToken().Match(page).Groups[1].Value) };
        var response = await client.PostAsync($"/runs?handler={handler}", new FormUrlEncodedContent(form));
        response.StatusCode.Should().Be(HttpStatusCode.OK, handler);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex PageToken();

    private static FormUrlEncodedContent Form() => new([new("jobs[]", "evaluation-monthly")]);

    private static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, string page)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger") { Content = Form() };
        request.Headers.Add(CsrfHeader().Match(page).Groups[1].Value, CsrfToken().Match(page).Groups[1].Value);
        return await client.SendAsync(request);
    }

    [GeneratedRegex("""<meta name="csrf-header" content="([^"]+)">""")]
    private static partial Regex CsrfHeader();

    [GeneratedRegex("""<meta name="csrf-token" content="([^"]+)">""")]
    private static partial Regex CsrfToken();
}
