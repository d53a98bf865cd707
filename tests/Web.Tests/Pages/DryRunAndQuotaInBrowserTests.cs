using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// The rules page's dry run as a background job (a progress bar, then the report, without the reader reloading) and the
/// anti-quota acknowledgement on its activation form, in Debian's Chromium against the app on PostgreSQL.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class DryRunAndQuotaInBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_dry_run_started_on_the_rules_page_shows_a_progress_bar_and_then_its_report()
    {
        var admin = await browser.App.AdminAsync();
        var page = await browser.SignedInPageAsync(Role.Inspector, displayName: "钱督察");
        await page.GotoAsync("/rules/test-officer-monthly?v=1#dryrun");
        (await page.GetByTestId("quota-acknowledgement").CountAsync()).Should().Be(0, "v1 has no anti-quota warning");

        // Paused, the job waits in the queue: the page shows the bar at its start, whatever the machine's speed.
        (await admin.PostAsync("/api/scheduler/pause", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        try
        {
            var form = page.GetByTestId("dryrun-form");
            await form.GetByLabel("对比的考核期").SelectOptionAsync(BrowserFixture.October.Key);
            await form.GetByRole(AriaRole.Button).ClickAsync();
            await page.WaitForURLAsync("**dryrun=**");
            var progress = page.GetByTestId("dryrun-progress");
            (await progress.Locator("h3").InnerTextAsync()).Should().Be("v1 在 2026-10 的试运行进行中");
            (await progress.InnerTextAsync()).Should().Contain("排队等待").And.Contain("已计算 0 / 0 人").And.Contain("发起于");
            (await page.GetByTestId("dryrun-bar").GetAttributeAsync("value")).Should().Be("0");
            await page.EvaluateAsync("document.getElementById('dryrun-title').scrollIntoView()");
            await Screenshots.SaveAsync(page, "rule-dry-run-progress");
        }
        finally
        {
            (await admin.PostAsync("/api/scheduler/resume", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // The page's script polls the API and shows the report once the job has finished; nobody reloads it.
        await Eventually.UntilAsync(async () => await page.GetByTestId("dryrun-result").CountAsync() == 1, "the dry run's report on the page");
        var result = page.GetByTestId("dryrun-result");
        (await result.Locator("h3").InnerTextAsync()).Should().Be("v1 在 2026-10 的试运行结果");
        (await page.GetByTestId("grade-changes").InnerTextAsync()).Should().Be("0", "v1 is the version October was evaluated with");
        (await page.GetByTestId("dryrun-progress").CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Activating_a_version_with_the_anti_quota_warning_needs_the_box_ticked_and_a_reason_which_is_audited()
    {
        // A copy of the squad scheme whose points grow with a penalty count and have no Cap.
        var inspector = await browser.App.SignInAsync(Role.Inspector);
        var content = TestSchemes.Squad
            .Replace("\"Rules\": [", "\"GlobalParams\": [ { \"Name\": \"penaltyCount\", \"Expression\": \"squad.WarningCount\" } ],\n  \"Rules\": [", StringComparison.Ordinal)
            .Replace("\"Points\": \"squad.AverageScore\"", "\"Points\": \"squad.AverageScore + 0.5 * penaltyCount\"", StringComparison.Ordinal);
        var saved = await inspector.PostAsJsonAsync("/api/rulesets/test-squad-monthly/versions", new { content, note = "按处罚数加分" }, TestApp.Json);
        saved.StatusCode.Should().Be(HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
        var number = (await saved.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestApp.Json)).GetProperty("version").GetProperty("number").GetInt32();

        var page = await browser.SignedInPageAsync(Role.Inspector, displayName: "孙督察");
        await page.GotoAsync($"/rules/test-squad-monthly?v={number}#activate");
        var form = page.GetByTestId("activate-form");
        var acknowledgement = form.GetByTestId("quota-acknowledgement");
        (await acknowledgement.InnerTextAsync()).Should().Contain("执法指标");
        await form.GetByLabel("生效起始考核期").FillAsync("2027-02");
        await form.GetByLabel("启用理由").FillAsync("试行一个月，由督察逐月复核");
        await form.GetByRole(AriaRole.Button, new() { Name = $"启用 v{number}" }).ClickAsync();

        // The reason without the box ticked is not an acknowledgement: refused in words, the version stays a draft.
        var refusal = page.GetByTestId("activate-form").GetByTestId("error-summary");
        await refusal.WaitForAsync();
        (await refusal.InnerTextAsync()).Should().Contain("规则 AverageScore").And.Contain("请勾选确认并写明理由");
        (await page.GetByTestId("activate-form").GetByLabel("启用理由").InputValueAsync()).Should().Be("试行一个月，由督察逐月复核", "what the reader typed is kept");
        await page.EvaluateAsync("document.getElementById('activate-title').scrollIntoView()");
        await Screenshots.SaveAsync(page, "rule-quota-acknowledgement");

        await page.GetByTestId("activate-form").GetByLabel("我已知晓上述警告，仍要启用此版本").CheckAsync();
        await page.GetByTestId("activate-form").GetByRole(AriaRole.Button, new() { Name = $"启用 v{number}" }).ClickAsync();
        await page.WaitForURLAsync("**done=activated**");
        (await page.GetByTestId("done").InnerTextAsync()).Should().Be($"v{number} 已启用。");

        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Action == "AcknowledgeQuotaRisk").ToListAsync();
        var acknowledged = entries.Select(e => System.Text.Json.JsonDocument.Parse(e.AfterJson!).RootElement)
            .Where(a => a.GetProperty("reason").GetString() == "试行一个月，由督察逐月复核").Should().ContainSingle().Subject;
        acknowledged.GetProperty("rules").EnumerateArray().Select(r => r.GetString()).Should().Equal("AverageScore");
    }
}
