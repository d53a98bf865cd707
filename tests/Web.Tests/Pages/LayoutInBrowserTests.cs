using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>Sign-in, the layout, language and role-filtered navigation in Debian's Chromium against the app on PostgreSQL.</summary>
[Collection(BrowserTests.Name)]
public sealed class LayoutInBrowserTests(BrowserFixture browser)
{
    private static async Task<IReadOnlyList<string>> NavigationAsync(IPage page) =>
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).Or(page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }))
            .GetByRole(AriaRole.Link).EvaluateAllAsync<string[]>("links => links.map(a => [...a.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('').trim())");

    [Fact]
    public async Task A_leader_signs_in_in_Chinese_and_sees_the_navigation_of_the_role()
    {
        var user = await browser.App.CreateUserAsync(Role.Leader, ConstructedBrigade.SquadA, displayName: "赵队长");
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/dashboard");
        page.Url.Should().EndWith("/signin?returnUrl=%2Fdashboard");
        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("zh-CN");
        (await page.Locator("h1").InnerTextAsync()).Should().Be("登录");
        await Screenshots.SaveAsync(page, "signin");

        await page.SignInAsync(user.UserName, TestApp.Password, returnUrl: "/dashboard");

        page.Url.Should().EndWith("/dashboard");
        (await NavigationAsync(page)).Should().Equal("仪表盘", "评审", "运行");
        (await page.GetByTestId("who").InnerTextAsync()).Should().ContainAll("赵队长", "领导", "一中队");
        (await page.GetByRole(AriaRole.Link, new() { Name = "仪表盘" }).GetAttributeAsync("aria-current")).Should().Be("page");
        await Screenshots.SaveAsync(page, "layout-zh");
    }

    [Fact]
    public async Task The_language_switch_turns_the_pages_English_and_keeps_the_place()
    {
        var user = await browser.App.CreateUserAsync(Role.Inspector, displayName: "李明");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(user.UserName, TestApp.Password, returnUrl: "/runs");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        page.Url.Should().EndWith("/runs");
        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("en");
        (await NavigationAsync(page)).Should().Equal("Dashboard", "Appeals", "Rules", "Runs");
        (await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).IsVisibleAsync()).Should().BeTrue();
        await Screenshots.SaveAsync(page, "layout-en");

        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        (await NavigationAsync(page)).Should().Equal("仪表盘", "申诉待办", "规则", "运行");
    }

    [Fact]
    public async Task An_officer_sees_only_their_own_results_and_is_refused_the_dashboard()
    {
        var page = await browser.SignedInPageAsync(Role.Officer, ConstructedBrigade.SquadA, officerId: 2);

        page.Url.Should().EndWith("/officers/2", "the home page of an officer is their own profile");
        (await NavigationAsync(page)).Should().Equal("我的考核");

        var response = await page.GotoAsync("/dashboard");
        response!.Status.Should().Be(403);
        page.Url.Should().Contain("/forbidden");
        (await page.Locator("h1").InnerTextAsync()).Should().Be("无权访问");

        (await page.GotoAsync("/officers/1"))!.Status.Should().Be(404, "another officer's profile does not exist for an officer");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await browser.SignedInPageAsync(Role.Auditor);
        page.Url.Should().EndWith("/audit");

        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");

        await page.GotoAsync("/audit");
        page.Url.Should().Contain("/signin?returnUrl=%2Faudit");
    }

    [Fact]
    public async Task A_wrong_password_is_reported_without_saying_which_part_was_wrong()
    {
        var user = await browser.App.CreateUserAsync(Role.Inspector);
        var page = await browser.NewPageAsync();

        await page.SignInAsync(user.UserName, "not the password");

        (await page.GetByTestId("error-summary").InnerTextAsync()).Should().Contain("用户名或密码错误");
        page.Url.Should().EndWith("/signin");
        (await page.GetByLabel("用户名").InputValueAsync()).Should().Be(user.UserName);
        (await page.GetByLabel("密码").InputValueAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content()
    {
        var page = await browser.SignedInPageAsync(Role.Admin);

        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("document.activeElement.className")).Should().Be("skip-link");
        await page.Keyboard.PressAsync("Enter");

        (await page.EvaluateAsync<string>("document.activeElement.id")).Should().Be("main");
        (await NavigationAsync(page)).Should().Equal("仪表盘", "评审", "申诉待办", "规则", "运行", "审计", "用户管理", "接口令牌");
    }

    [Fact]
    public async Task The_runs_page_lists_runs_with_status_badges_and_Beijing_times()
    {
        var page = await browser.SignedInPageAsync(Role.Admin, displayName: "系统管理员");
        await page.GotoAsync("/runs");

        var row = page.Locator("table.data-table tbody tr").Filter(new() { HasText = "2026-10" }).First;
        (await row.Locator(".badge").InnerTextAsync()).Should().Be("已完成");
        (await row.Locator("time").First.InnerTextAsync()).Should().MatchRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$");
        (await page.Locator("table.data-table th").AllInnerTextsAsync()).Should().Contain(["考核期", "状态"]);
        await Screenshots.SaveAsync(page, "runs-zh");
    }
}
