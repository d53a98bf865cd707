using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Evaluations;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// The dashboard, the review queue and the officer profile (issue #7 items 3–5) in Debian's Chromium against the app on
/// PostgreSQL with the constructed brigade evaluated for October 2026. Hand-computed figures: B3 杨磊 102 is first,
/// B2 陈静 0 (veto) last; A2 王芳 was late 3 times (−3); outcomes proposed: 优秀民警 A1 and B3, 预警 A3, 约谈 B2 (大队支委会),
/// 先进中队 一中队. The fixture is shared, so each test changes only what it owns and asserts robustly.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class LeadershipPagesInBrowserTests(BrowserFixture browser)
{
    private static readonly string October = BrowserFixture.October.Key;

    private static ILocator Card(IPage page, string subject, string kind) =>
        page.GetByTestId("outcome").Filter(new() { HasText = subject }).Filter(new() { HasText = kind });

    [Fact]
    public async Task A_leader_sees_grades_squad_ranking_and_the_top_and_bottom_officers()
    {
        var page = await browser.SignedInPageAsync(Role.Leader, ConstructedBrigade.Brigade, displayName: "一大队 赵大队长");

        var response = await page.GotoAsync($"/dashboard?period={October}");

        response!.Status.Should().Be(200);
        (await page.Locator("h1").InnerTextAsync()).Should().Be("仪表盘");
        var chart = page.GetByTestId("grades").Locator("svg.chart");
        (await chart.Locator("title").First.TextContentAsync()).Should().Be($"{October} 等次分布");
        (await chart.Locator("rect.bar").CountAsync()).Should().BeGreaterThan(0);
        (await page.GetByTestId("kpis").InnerTextAsync()).Should().ContainAll("参评人数", "6", "一票否决");
        (await page.GetByTestId("squads").Locator("tbody tr").AllInnerTextsAsync())
            .Should().SatisfyRespectively(first => first.Should().Contain("一中队").And.StartWith("1 / 2"), second => second.Should().Contain("二中队"));
        (await page.GetByTestId("top").Locator("tbody tr").First.InnerTextAsync()).Should().Contain("杨磊");
        (await page.GetByTestId("bottom").Locator("tbody tr").First.InnerTextAsync()).Should().Contain("陈静");
        (await page.GetByTestId("top").GetByRole(AriaRole.Link, new() { Name = "B3 杨磊" }).GetAttributeAsync("href")).Should().Be($"/officers/6?period={October}");
        (await page.GetByTestId("trend").Locator("svg.chart polyline, svg.chart circle").CountAsync()).Should().BeGreaterThan(0);
        (await page.GetByRole(AriaRole.Link, new() { Name = "导出 Excel" }).GetAttributeAsync("href")).Should().Be($"/api/periods/{October}/export?format=xlsx&brigadeId=10");
        (await page.GetByLabel("考核期", new() { Exact = true }).InputValueAsync()).Should().Be(October);
        (await page.GetByLabel("单位", new() { Exact = true }).InputValueAsync()).Should().Be("10");
        await Screenshots.SaveAsync(page, "dashboard");

        var export = await page.Context.APIRequest.GetAsync($"/api/periods/{October}/export?format=csv&brigadeId=10");
        export.Status.Should().Be(200, "the export button's address answers the leader with the file");
    }

    [Fact]
    public async Task A_leader_approves_and_rejects_outcomes_with_a_required_reason_and_schedules_the_interview()
    {
        var page = await browser.SignedInPageAsync(Role.Leader, displayName: "支队 孙支队长");
        await page.GotoAsync($"/review?period={October}");

        // Approve the committee interview of B2.
        var interview = Card(page, "B2 陈静", "约谈（大队支委会）");
        (await interview.Locator(".badge").InnerTextAsync()).Should().Be("待审批");
        await interview.GetByRole(AriaRole.Button, new() { Name = "批准" }).ClickAsync();
        (await page.GetByTestId("status-message").InnerTextAsync()).Should().Be("已批准：B2 陈静");
        (await Card(page, "B2 陈静", "约谈").CountAsync()).Should().Be(0, "the approved outcome left the queue of proposed ones");

        // Reject A3's warning: first without a reason (refused, nothing changed), then with one.
        var warning = Card(page, "A3 李强", "预警");
        await warning.Locator("summary", new() { HasText = "驳回" }).ClickAsync();
        await warning.GetByRole(AriaRole.Button, new() { Name = "确认驳回" }).ClickAsync();
        warning = Card(page, "A3 李强", "预警");
        (await warning.GetByTestId("error-summary").InnerTextAsync()).Should().Contain("驳回须填写理由");
        (await warning.Locator(".badge").InnerTextAsync()).Should().Be("待审批", "nothing was changed");
        (await warning.GetByLabel("驳回理由（必填）").GetAttributeAsync("aria-invalid")).Should().Be("true");
        await Screenshots.SaveAsync(page, "review-error");

        await warning.GetByLabel("驳回理由（必填）").FillAsync("执法记录已补传，经核实不属实");
        await warning.GetByRole(AriaRole.Button, new() { Name = "确认驳回" }).ClickAsync();
        (await page.GetByTestId("status-message").InnerTextAsync()).Should().Be("已驳回：A3 李强");
        (await Card(page, "A3 李强", "预警").CountAsync()).Should().Be(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "已驳回", Exact = true }).ClickAsync();
        (await Card(page, "A3 李强", "预警").InnerTextAsync()).Should().Contain("执法记录已补传，经核实不属实").And.Contain("已驳回");

        // Schedule the approved interview at a Beijing wall time three days from now.
        var at = ShanghaiTime.ToLocal(DateTimeOffset.UtcNow).Date.AddDays(3).AddHours(9).AddMinutes(30);
        await page.GetByRole(AriaRole.Link, new() { Name = "已批准", Exact = true }).ClickAsync();
        interview = Card(page, "B2 陈静", "约谈");
        await interview.Locator("summary", new() { HasText = "安排约谈" }).ClickAsync();
        await interview.GetByLabel("约谈人").FillAsync("大队长 王建国");
        await interview.GetByLabel("约谈时间（北京时间）").FillAsync(at.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        (await interview.GetByLabel("约谈层级").InputValueAsync()).Should().Be("Committee", "the level proposed is preselected");
        await interview.GetByRole(AriaRole.Button, new() { Name = "保存安排" }).ClickAsync();

        var shown = at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        (await page.GetByTestId("status-message").InnerTextAsync()).Should().Be($"已安排约谈：B2 陈静，{shown}");
        await page.GetByRole(AriaRole.Link, new() { Name = "已安排约谈", Exact = true }).ClickAsync();
        var scheduled = Card(page, "B2 陈静", "约谈");
        (await scheduled.InnerTextAsync()).Should().ContainAll("大队长 王建国", shown, "大队支委会");
        (await scheduled.Locator("time").Last.GetAttributeAsync("datetime")).Should()
            .Be(at.AddHours(-8).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), "Beijing 09:30 is 01:30 UTC");

        await page.GetByRole(AriaRole.Link, new() { Name = "全部", Exact = true }).ClickAsync();
        await Screenshots.SaveAsync(page, "review");
    }

    [Fact]
    public async Task The_leader_publishes_and_officer_A2_reads_the_late_arrival_explanation_and_appeals()
    {
        var leader = await browser.SignedInPageAsync(Role.Leader, displayName: "支队 孙支队长");
        await leader.GotoAsync($"/review?period={October}");
        var publication = leader.GetByTestId("publication");
        if (await publication.GetByRole(AriaRole.Button, new() { Name = "公示" }).CountAsync() > 0)
        {
            await publication.GetByLabel("申诉期（工作日）").FillAsync("3");
            if (await publication.Locator("#confirmPending").CountAsync() > 0)
                await publication.Locator("#confirmPending").CheckAsync();
            await publication.GetByRole(AriaRole.Button, new() { Name = "公示" }).ClickAsync();
            (await leader.GetByTestId("status-message").InnerTextAsync()).Should().StartWith($"{October} 考核结果已公示，申诉截止");
        }
        (await leader.GetByTestId("publication").Locator(".badge").InnerTextAsync()).Should().Be("公示中");

        // Finalising inside the window is refused, in words, and changes nothing.
        await leader.GetByTestId("publication").GetByRole(AriaRole.Button, new() { Name = "定稿" }).ClickAsync();
        (await leader.GetByTestId("error-summary").InnerTextAsync()).Should().Contain("申诉期尚未结束");
        (await leader.GetByTestId("publication").Locator(".badge").InnerTextAsync()).Should().Be("公示中");

        var page = await browser.SignedInPageAsync(Role.Officer, ConstructedBrigade.SquadA, officerId: 2, displayName: "王芳");
        page.Url.Should().EndWith("/officers/2");
        await page.GotoAsync($"/officers/2?period={October}");

        (await page.GetByTestId("officer-name").InnerTextAsync()).Should().Contain("王芳");
        (await page.GetByTestId("rank").InnerTextAsync()).Should().MatchRegex(@"^第 \d+ / \d+ 名$");
        var late = page.Locator("[data-testid=rule-line][data-rule=LateArrival]");
        (await late.Locator(".rule-words").InnerTextAsync()).Should().Be("迟到：迟到 3 次，扣 3 分。");
        (await late.Locator(".points").InnerTextAsync()).Should().Be("−3");
        await late.Locator("summary", new() { HasText = "查看依据记录（3 条）" }).ClickAsync();
        var records = late.Locator(".evidence tbody tr");
        (await records.CountAsync()).Should().Be(3);
        (await records.AllInnerTextsAsync()).Should().SatisfyRespectively(
            r => r.Should().ContainAll("考勤", $"ATT-{October}-A2-1", "2026-10-26", "迟到", "迟到分钟"),
            r => r.Should().Contain("2026-10-27"),
            r => r.Should().Contain("2026-10-28"));

        // An appeal needs a statement; then it is filed and listed as pending.
        await late.Locator("summary", new() { HasText = "申诉" }).ClickAsync();
        await late.GetByRole(AriaRole.Button, new() { Name = "提交申诉" }).ClickAsync();
        late = page.Locator("[data-testid=rule-line][data-rule=LateArrival]");
        (await late.GetByTestId("error-summary").InnerTextAsync()).Should().Contain("请填写申诉理由");
        (await page.GetByTestId("appeals").InnerTextAsync()).Should().Contain("本期没有申诉");

        const string statement = "10月26日因处置交通事故延误到岗，指挥中心有派警记录。";
        await late.GetByLabel("对“迟到”的申诉理由（必填）").FillAsync(statement);
        await late.GetByRole(AriaRole.Button, new() { Name = "提交申诉" }).ClickAsync();

        (await page.GetByTestId("status-message").InnerTextAsync()).Should().Be("已提交对“迟到”的申诉，等待督察处理。");
        var appeal = page.GetByTestId("appeal").Filter(new() { HasText = statement });
        (await appeal.GetByTestId("appeal-status").InnerTextAsync()).Should().Be("待处理");
        (await appeal.InnerTextAsync()).Should().Contain("迟到");
        (await page.Locator("[data-testid=rule-line][data-rule=LateArrival] summary", new() { HasText = "申诉" }).CountAsync())
            .Should().Be(0, "a rule under appeal is not appealed twice");
        await Screenshots.SaveAsync(page, "officer-profile");
        await late.Locator("summary", new() { HasText = "查看依据记录" }).ClickAsync();
        await page.EvaluateAsync("document.querySelector('[data-rule=LateArrival]').scrollIntoView()");
        await Screenshots.SaveAsync(page, "officer-profile-evidence");
        await page.EvaluateAsync("document.querySelector('[data-testid=appeals]').scrollIntoView()");
        await Screenshots.SaveAsync(page, "officer-profile-appeal");
    }

    [Fact]
    public async Task An_inspector_appeals_on_an_officers_behalf_and_rejects_the_appeal_with_a_reason()
    {
        var leader = await browser.SignedInPageAsync(Role.Leader);
        await leader.GotoAsync($"/review?period={October}");
        var publish = leader.GetByTestId("publication").GetByRole(AriaRole.Button, new() { Name = "公示" });
        if (await publish.CountAsync() > 0)
        {
            if (await leader.Locator("#confirmPending").CountAsync() > 0)
                await leader.Locator("#confirmPending").CheckAsync();
            await publish.ClickAsync();
        }

        var page = await browser.SignedInPageAsync(Role.Inspector, displayName: "督察 周敏");
        await page.GotoAsync($"/officers/3?period={October}");
        var line = page.Locator("[data-testid=rule-line][data-rule=PenaltyWithoutFootage]");
        (await line.Locator(".rule-words").InnerTextAsync()).Should().Be("处罚无执法记录：处罚无执法记录 1 起，扣 5 分。");
        await line.Locator("summary", new() { HasText = "申诉" }).ClickAsync();
        await line.GetByLabel("对“处罚无执法记录”的申诉理由（必填）").FillAsync("执法记录仪当日故障，已报修，有装备科记录。");
        await line.GetByRole(AriaRole.Button, new() { Name = "提交申诉" }).ClickAsync();
        var appeal = page.GetByTestId("appeal").Filter(new() { HasText = "执法记录仪当日故障" });
        (await appeal.GetByTestId("appeal-status").InnerTextAsync()).Should().Be("待处理");

        await appeal.Locator("summary", new() { HasText = "处理申诉" }).ClickAsync();
        await appeal.GetByRole(AriaRole.Button, new() { Name = "驳回申诉" }).ClickAsync();
        appeal = page.GetByTestId("appeal").Filter(new() { HasText = "执法记录仪当日故障" });
        (await appeal.GetByTestId("error-summary").InnerTextAsync()).Should().Contain("请填写处理理由");
        (await appeal.GetByTestId("appeal-status").InnerTextAsync()).Should().Be("待处理", "nothing was decided");

        await appeal.GetByLabel("处理理由（必填）").FillAsync("装备科无报修记录。");
        await appeal.GetByRole(AriaRole.Button, new() { Name = "驳回申诉" }).ClickAsync();
        (await page.GetByTestId("status-message").InnerTextAsync()).Should().Be("已驳回对“处罚无执法记录”的申诉。");
        appeal = page.GetByTestId("appeal").Filter(new() { HasText = "执法记录仪当日故障" });
        (await appeal.GetByTestId("appeal-status").InnerTextAsync()).Should().Be("已驳回");
        (await appeal.InnerTextAsync()).Should().Contain("装备科无报修记录。");
    }

    [Fact]
    public async Task An_officer_opening_another_officers_profile_gets_a_not_found_page_without_their_data()
    {
        var page = await browser.SignedInPageAsync(Role.Officer, ConstructedBrigade.SquadA, officerId: 2);

        var response = await page.GotoAsync($"/officers/1?period={October}");

        response!.Status.Should().Be(404);
        (await page.Locator("h1").InnerTextAsync()).Should().Be("未找到");
        (await page.GetByTestId("profile-not-found").IsVisibleAsync()).Should().BeTrue();
        (await page.Locator("main").InnerTextAsync()).Should().NotContain("张伟").And.NotContain("A1");
        (await page.GotoAsync($"/officers/2?period={October}"))!.Status.Should().Be(200, "their own profile opens");
    }

    [Fact]
    public async Task A_squad_leader_sees_only_their_squad_and_not_an_officer_of_the_other_squad()
    {
        var page = await browser.SignedInPageAsync(Role.Leader, ConstructedBrigade.SquadA);

        await page.GotoAsync($"/dashboard?period={October}");
        (await page.GetByLabel("单位", new() { Exact = true }).Locator("option").AllInnerTextsAsync()).Should().Equal("一大队·一中队");
        (await page.GetByTestId("squads").Locator("tbody tr").AllInnerTextsAsync()).Should().ContainSingle().Which.Should().Contain("一中队");
        // The squad leader's exports are of the squad: the brigade is outside their scope (it once answered 404).
        var excel = await page.GetByRole(AriaRole.Link, new() { Name = "导出 Excel" }).GetAttributeAsync("href");
        excel.Should().Be($"/api/periods/{October}/export?format=xlsx&squadId={ConstructedBrigade.SquadA}");
        (await page.Context.APIRequest.GetAsync(excel!.Replace("xlsx", "csv", StringComparison.Ordinal))).Status.Should().Be(200);

        (await page.GotoAsync($"/officers/6?period={October}"))!.Status.Should().Be(404, "B3 is in squad B, outside the leader's scope");
        (await page.GotoAsync($"/officers/2?period={October}"))!.Status.Should().Be(200);
    }

    [Fact]
    public async Task In_English_the_dashboard_and_the_explanation_read_in_English_with_Beijing_times()
    {
        var page = await browser.SignedInPageAsync(Role.Leader, ConstructedBrigade.Brigade);
        await page.GotoAsync($"/dashboard?period={October}");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        (await page.Locator("h2").AllInnerTextsAsync()).Should().Contain(["Grade distribution", "Squad ranking", "Top 5 officers", "Bottom 5 officers", "Last 12 months"]);
        (await page.GetByLabel("Unit", new() { Exact = true }).Locator("option:checked").InnerTextAsync()).Should().Be("一大队");

        await page.GotoAsync($"/officers/2?period={October}");
        var late = page.Locator("[data-testid=rule-line][data-rule=LateArrival]");
        (await late.Locator(".rule-words").InnerTextAsync()).Should().Be("迟到: late 3 times, 3 points deducted.", "the rule's title is the scheme's; the sentence is the reader's language");
        (await page.GetByTestId("rank").InnerTextAsync()).Should().MatchRegex(@"^\d+ of \d+$");
        await Screenshots.SaveAsync(page, "officer-profile-en");
    }
}
