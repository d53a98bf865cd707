using System.Net.Http.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// The inspector's rule work, the runs page and the audit log in Debian's Chromium against the app on PostgreSQL. Versions
/// are activated from 2027-01, after every period the shared fixture evaluates, so other browser tests keep their results.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class RulesInBrowserTests(BrowserFixture browser)
{
    private const string Scheme = "test-officer-monthly";

    [Fact]
    public async Task An_inspector_edits_a_rule_sees_the_error_in_place_fixes_it_dry_runs_and_activates()
    {
        var page = await browser.SignedInPageAsync(Role.Inspector, displayName: "李督察");

        await page.GotoAsync("/rules");
        var schemeRow = page.GetByTestId("schemes").Locator("tbody tr").Filter(new() { HasText = Scheme });
        (await schemeRow.InnerTextAsync()).Should().ContainAll("测试民警月度考核", "民警", "月度", "v1", "2020-01");
        await Screenshots.SaveAsync(page, "rules-list");

        await schemeRow.GetByRole(AriaRole.Link, new() { Name = Scheme }).ClickAsync();
        // The editor being enhanced is what the test needs; the page's load event once took over 60 s on a loaded machine.
        await page.WaitForURLAsync($"**/rules/{Scheme}", new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("textarea#content[data-enhanced='true']").WaitForAsync();
        var editor = page.GetByLabel("规则文件（JSON）");
        var original = await editor.InputValueAsync();

        // An unknown member in the LateArrival rule's condition.
        var broken = original.Replace("\"Expression\": \"lateCount > 0\"", "\"Expression\": \"lateCount > 0 && officer.Lateness > 0\"", StringComparison.Ordinal);
        broken.Should().NotBe(original);
        var lines = broken.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("officer.Lateness", StringComparison.Ordinal)) + 1;
        var expressionStart = lines[line - 1].IndexOf("lateCount > 0 &&", StringComparison.Ordinal) + 1;
        var memberColumn = lines[line - 1].IndexOf("Lateness", StringComparison.Ordinal) + 1;
        await editor.FillAsync(broken);

        var error = page.Locator("#diagnostics li.diag-error[data-rule='LateArrival']");
        await error.WaitForAsync();
        (await error.Locator(".diag-rule").InnerTextAsync()).Should().Be("LateArrival");
        (await error.GetAttributeAsync("data-line")).Should().Be(line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var column = int.Parse((await error.GetAttributeAsync("data-column"))!, System.Globalization.CultureInfo.InvariantCulture);
        column.Should().BeInRange(expressionStart, memberColumn + "Lateness".Length, "the column points into the condition, at the unknown member");
        (await error.Locator(".diag-pos").InnerTextAsync()).Should().Be($"第 {line} 行，第 {column} 列");
        (await error.Locator(".diag-msg").InnerTextAsync()).Should().Contain("Lateness");
        (await page.Locator($".gutter span.mark-error[data-line='{line}']").CountAsync()).Should().Be(1, "the offending line is marked in the gutter");

        await error.Locator("a.diag-pos").ClickAsync();
        (await page.EvaluateAsync<string>("document.activeElement.id")).Should().Be("content");
        var caret = await page.EvaluateAsync<int>("document.getElementById('content').selectionStart");
        caret.Should().Be(lines.Take(line - 1).Sum(l => l.Length + 1) + column - 1, "the caret moves to the error's line and column");
        await page.EvaluateAsync("document.getElementById('editor-title').scrollIntoView()");
        await Screenshots.SaveAsync(page, "rule-editor-error");

        // Fixed, and the lateness penalty made ten times heavier.
        var changed = original.Replace("\"Points\": \"-1 * lateCount\"", "\"Points\": \"-10 * lateCount\"", StringComparison.Ordinal);
        changed.Should().NotBe(original);
        await editor.FillAsync(changed);
        await page.Locator("#diagnostics [data-testid='diagnostics-none']").WaitForAsync();
        (await page.Locator("#diagnostics li.diag-error").CountAsync()).Should().Be(0);
        (await page.Locator(".gutter span.mark-error").CountAsync()).Should().Be(0);

        await page.GetByLabel("说明").FillAsync("迟到扣分加重为每次 10 分");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await page.WaitForURLAsync("**done=saved**");
        (await page.GetByTestId("done").InnerTextAsync()).Should().Be("已保存为草稿 v2。");
        var v2 = page.GetByTestId("versions").Locator("tbody tr[data-version='2']");
        (await v2.InnerTextAsync()).Should().ContainAll("草稿", "迟到扣分加重为每次 10 分");

        // Dry run on October 2026: 王芳 (A2, three late days) falls from 优秀 to 不合格.
        var dryRun = page.GetByTestId("dryrun-form");
        await dryRun.GetByLabel("对比的考核期").SelectOptionAsync(BrowserFixture.October.Key);
        await dryRun.GetByRole(AriaRole.Button).ClickAsync();
        var result = page.GetByTestId("dryrun-result");
        await result.WaitForAsync();
        (await result.Locator("h3").InnerTextAsync()).Should().Be("v2 在 2026-10 的试运行结果");
        int.Parse(await page.GetByTestId("grade-changes").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0);
        var wang = page.GetByTestId("changes-officers").Locator("tbody tr").Filter(new() { HasText = "王芳" });
        (await wang.Locator("td.changed .badge").AllInnerTextsAsync()).Should().Equal("优秀", "不合格");
        (await wang.InnerTextAsync()).Should().Contain("-27");
        await result.ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("document.getElementById('dryrun-title').scrollIntoView()");
        await Screenshots.SaveAsync(page, "rule-dry-run");

        // The difference from v1, rule by rule.
        // Followed by its address rather than a click: under a loaded CI machine the click's navigation once outran the 15 s wait.
        var compare = await page.GetByTestId("versions").Locator("tbody tr[data-version='1']").GetByRole(AriaRole.Link, new() { Name = "与 v2 对比" }).GetAttributeAsync("href");
        compare.Should().EndWith("/diff?from=1&to=2");
        await page.GotoAsync(compare!);
        var lateArrival = page.GetByTestId("diff-changed").Locator("tbody tr").Filter(new() { HasText = "Points" });
        (await lateArrival.InnerTextAsync()).Should().ContainAll("LateArrival", "-1 * lateCount", "-10 * lateCount");
        await Screenshots.SaveAsync(page, "rule-diff");

        // A period already evaluated is refused with the domain's reason; a future one is accepted.
        await page.GotoAsync($"/rules/{Scheme}?v=2#activate");
        var activate = page.GetByTestId("activate-form");
        await activate.GetByLabel("生效起始考核期").FillAsync(BrowserFixture.October.Key);
        await activate.GetByRole(AriaRole.Button, new() { Name = "启用 v2" }).ClickAsync();
        var refusal = page.GetByTestId("activate-form").GetByTestId("error-summary");
        await refusal.WaitForAsync();
        (await refusal.InnerTextAsync()).Should().Contain("2026-10");

        await page.GetByTestId("activate-form").GetByLabel("生效起始考核期").FillAsync("2027-01");
        await page.GetByTestId("activate-form").GetByRole(AriaRole.Button, new() { Name = "启用 v2" }).ClickAsync();
        await page.WaitForURLAsync("**done=activated**");
        (await page.GetByTestId("done").InnerTextAsync()).Should().Be("v2 已启用。");
        (await page.GetByTestId("versions").Locator("tbody tr[data-version='2']").InnerTextAsync()).Should().ContainAll("待生效", "2027-01");
        (await page.GetByTestId("versions").Locator("tbody tr[data-version='1']").InnerTextAsync()).Should().Contain("现行");
        await Screenshots.SaveAsync(page, "rule-versions");
    }

    [Fact]
    public async Task The_runs_page_shows_the_evaluated_run_and_queues_a_period_to_evaluate_now()
    {
        var page = await browser.SignedInPageAsync(Role.Inspector, displayName: "周督察");
        await page.GotoAsync("/runs");

        var october = page.GetByTestId("runs").Locator("tbody tr[data-period='2026-10']").First;
        (await october.Locator(".badge").InnerTextAsync()).Should().Be("已完成");
        (await october.InnerTextAsync()).Should().Contain("手动");
        (await page.GetByTestId("scheduler").CountAsync()).Should().Be(0, "the scheduled jobs are an administrator's");

        // September: nothing else in the shared fixture reads it; the scheduler evaluates it in the background.
        var form = page.GetByTestId("evaluate-form");
        await form.GetByLabel("考核期").FillAsync("2026-09");
        await form.GetByRole(AriaRole.Button, new() { Name = "开始考核" }).ClickAsync();
        (await page.GetByTestId("error-summary").InnerTextAsync()).Should().Contain("请勾选确认");

        await page.GetByTestId("evaluate-form").GetByLabel("考核期").FillAsync("2026-09");
        await page.GetByTestId("evaluate-form").GetByLabel("确认重新考核该期（生成新的运行）").CheckAsync();
        await page.GetByTestId("evaluate-form").GetByRole(AriaRole.Button, new() { Name = "开始考核" }).ClickAsync();
        await page.WaitForURLAsync("**/runs?queued=**");
        (await page.GetByTestId("queued").InnerTextAsync()).Should().Be("已将 2026-09 加入考核队列。");
        var queued = page.Locator("tr.highlight");
        (await queued.GetAttributeAsync("data-period")).Should().Be("2026-09");
        (await queued.Locator(".badge").InnerTextAsync()).Should().BeOneOf("排队中", "运行中", "已完成", "失败");
        (await queued.Locator("time").First.InnerTextAsync()).Should().MatchRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$");
        (await page.GetByTestId("dashboard-link").GetAttributeAsync("href")).Should().Be("/hangfire");
        await Screenshots.SaveAsync(page, "runs");
    }

    [Fact]
    public async Task An_auditor_filters_the_audit_log_to_an_activation_and_exports_it()
    {
        // An inspector puts a copy of the squad scheme in force from 2027-01 through the API.
        var inspector = await browser.App.SignInAsync(Role.Inspector);
        var saved = await inspector.PostAsJsonAsync("/api/rulesets/test-squad-monthly/versions", new { fromVersion = 1, note = "审计测试" }, TestApp.Json);
        saved.EnsureSuccessStatusCode();
        var number = (await saved.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestApp.Json)).GetProperty("version").GetProperty("number").GetInt32();
        (await inspector.PostAsJsonAsync($"/api/rulesets/test-squad-monthly/versions/{number}/activate", new { effectiveFrom = "2027-01" }, TestApp.Json)).EnsureSuccessStatusCode();

        var page = await browser.SignedInPageAsync(Role.Auditor, displayName: "审计员赵");
        page.Url.Should().EndWith("/audit");
        var today = ShanghaiTime.DayOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByLabel("起始日期").FillAsync(today);
        await page.GetByLabel("截止日期").FillAsync(today);
        await page.GetByLabel("操作", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "启用规则版本" });
        await page.GetByLabel("对象类型").SelectOptionAsync(new SelectOptionValue { Label = "规则版本" });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync("**operation=ActivateRuleSetVersion**");

        var rows = page.GetByTestId("audit").Locator("tbody tr");
        (await rows.CountAsync()).Should().BeGreaterThan(0);
        (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.action)")).Should().OnlyContain(a => a == "ActivateRuleSetVersion");
        (await rows.First.InnerTextAsync()).Should().Contain("启用规则版本").And.Contain("规则版本");
        var activation = rows.Filter(new() { HasText = "规则版本" }).Filter(new() { Has = page.Locator("pre", new() { HasText = "test-squad-monthly" }) }).First;
        await activation.GetByText("变更后").ClickAsync();
        (await activation.Locator("details[open] pre").InnerTextAsync()).Should().ContainAll("test-squad-monthly", "2027-01");
        await Screenshots.SaveAsync(page, "audit");

        var export = await page.GetByTestId("export").GetAttributeAsync("href");
        export.Should().StartWith("/api/audit/export?").And.Contain("action=ActivateRuleSetVersion").And.Contain("entityType=RuleSetVersion").And.Contain("from=");
        var csv = await page.Context.APIRequest.GetAsync(export!);
        csv.Status.Should().Be(200);
        var text = await csv.TextAsync();
        text.Should().Contain("操作人").And.Contain("test-squad-monthly").And.NotContain("SaveRuleSetVersion");
    }
}
