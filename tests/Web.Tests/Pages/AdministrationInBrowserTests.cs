using System.Net.Http.Json;
using System.Text.Json;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// Issue #15 in Debian's Chromium: an administrator creates a leader and an officer on the users page (units named with
/// their parents, generated passwords shown once); the officer must change the password at the first sign-in before
/// seeing anything; an inspector finds a pending appeal through the navigation's count and decides it in the inbox.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class AdministrationInBrowserTests(BrowserFixture browser)
{
    private static async Task<string> CreateUserAsync(IPage admin, string userName, string displayName, string role, string unit, string? officer = null)
    {
        var form = admin.GetByTestId("create-user");
        await form.GetByLabel("用户名").FillAsync(userName);
        await form.GetByLabel("姓名").FillAsync(displayName);
        await form.GetByLabel("角色").SelectOptionAsync(new SelectOptionValue { Label = role });
        await form.GetByLabel("单位").SelectOptionAsync(new SelectOptionValue { Label = unit });
        if (officer is not null)
            await form.GetByLabel("关联民警").SelectOptionAsync(new SelectOptionValue { Label = officer });
        await form.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        (await admin.GetByTestId("status-message").InnerTextAsync()).Should().Be($"已创建用户 {userName}。");
        return (await admin.GetByTestId("issued-password").Locator("code").InnerTextAsync()).Trim();
    }

    [Fact]
    public async Task An_admin_creates_a_leader_and_an_officer_who_must_change_the_password_at_the_first_sign_in()
    {
        var admin = await browser.SignedInPageAsync(Role.Admin, displayName: "支队 管理员");
        await admin.GetByRole(AriaRole.Link, new() { Name = "用户管理" }).ClickAsync();
        (await admin.Locator("h1").InnerTextAsync()).Should().Be("用户管理");
        (await admin.GetByLabel("单位").Locator("option").AllInnerTextsAsync()).Should().Contain(o => o.Trim() == "一大队·一中队")
            .And.Contain(o => o.Trim() == "一大队·二中队");

        // Refused first: an Officer account without its officer, in Chinese, naming the field.
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var form = admin.GetByTestId("create-user");
        await form.GetByLabel("用户名").FillAsync($"wang{suffix}");
        await form.GetByLabel("姓名").FillAsync("王芳");
        await form.GetByLabel("角色").SelectOptionAsync(new SelectOptionValue { Label = "民警" });
        await form.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        (await admin.GetByTestId("error-summary").InnerTextAsync()).Should().Contain("民警账号须关联一名民警。");

        var leaderPassword = await CreateUserAsync(admin, $"zhao{suffix}", "赵大队长", "领导", "一大队");
        leaderPassword.Should().HaveLength(14);
        var officerPassword = await CreateUserAsync(admin, $"wang{suffix}", "王芳", "民警", "一大队·一中队", "A2 王芳 · 一大队·一中队");
        var row = admin.Locator($"[data-testid=user][data-user=wang{suffix}]");
        (await row.InnerTextAsync()).Should().ContainAll("民警", "一大队·一中队", "A2 王芳", "待改密码");
        await Screenshots.SaveAsync(admin, "admin-users");

        // The officer signs in with the generated password and is held at the password page, wherever they go.
        var officer = await browser.NewPageAsync();
        await officer.SignInAsync($"wang{suffix}", officerPassword);
        officer.Url.Should().Contain("/account/password");
        (await officer.GetByTestId("must-change").InnerTextAsync()).Should().Contain("请先修改密码");
        await officer.GotoAsync("/officers/2");
        officer.Url.Should().Contain("/account/password?returnUrl=%2Fofficers%2F2");

        await officer.GetByLabel("当前密码").FillAsync(officerPassword);
        await officer.GetByLabel("新密码", new() { Exact = true }).FillAsync("王芳的新密码2026");
        await officer.GetByLabel("再次输入新密码").FillAsync("王芳的新密码2026");
        await officer.GetByRole(AriaRole.Button, new() { Name = "修改" }).ClickAsync();
        await officer.WaitForURLAsync("**/officers/2");
        (await officer.GetByTestId("officer-name").InnerTextAsync()).Should().Contain("王芳");

        // The leader too, and the old generated password no longer opens anything.
        var leader = await browser.NewPageAsync();
        await leader.SignInAsync($"zhao{suffix}", leaderPassword);
        leader.Url.Should().Contain("/account/password");
        await admin.ReloadAsync();
        (await admin.Locator($"[data-testid=user][data-user=wang{suffix}]").InnerTextAsync()).Should().NotContain("待改密码");
    }

    [Fact]
    public async Task An_inspector_sees_the_pending_appeal_count_and_decides_the_appeal_in_the_inbox()
    {
        var leader = await browser.SignedInPageAsync(Role.Leader);
        await leader.GotoAsync($"/review?period={BrowserFixture.October.Key}");
        var publish = leader.GetByTestId("publication").GetByRole(AriaRole.Button, new() { Name = "公示" });
        if (await publish.CountAsync() > 0)
        {
            // Run alone, no other test has decided the proposals yet: publishing them pending needs the confirmation.
            var confirmPending = leader.GetByTestId("publication").GetByRole(AriaRole.Checkbox);
            if (await confirmPending.CountAsync() > 0)
                await confirmPending.CheckAsync();
            await publish.ClickAsync();
        }
        (await leader.GetByTestId("publication").Locator(".badge").InnerTextAsync()).Should().Be("公示中");

        // Officer B1 (刘洋) appeals a scored rule, through the API as the officer would.
        using var b1 = await browser.App.SignInAsync(Role.Officer, ConstructedBrigade.SquadB, officerId: 4);
        var result = await b1.GetFromJsonAsync<JsonElement>($"/api/officers/4/results/{BrowserFixture.October.Key}");
        var rule = result.GetProperty("lines").EnumerateArray().First(l => l.GetProperty("points").GetDouble() != 0);
        var statement = $"案件已于期限内移交，有移交记录。{Guid.NewGuid():N}"[..24];
        (await b1.PostAsJsonAsync("/api/appeals", new { runId = result.GetProperty("runId").GetGuid(), officerId = 4, ruleName = rule.GetProperty("ruleName").GetString(), statement }, TestApp.Json))
            .IsSuccessStatusCode.Should().BeTrue();

        var page = await browser.SignedInPageAsync(Role.Inspector, ConstructedBrigade.Brigade, displayName: "督察 周敏");
        var inbox = page.GetByRole(AriaRole.Link, new() { Name = "申诉待办" });
        int.Parse(await inbox.GetByTestId("nav-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(1);
        await inbox.ClickAsync();
        var card = page.GetByTestId("pending-appeal").Filter(new() { HasText = statement });
        (await card.InnerTextAsync()).Should().ContainAll("B1 刘洋", "一大队·二中队", rule.GetProperty("title").GetString()!, BrowserFixture.October.Key);
        await Screenshots.SaveAsync(page, "appeals-inbox");

        // Upholding needs an adjustment; the refusal stays on the card, then the decision goes through.
        await card.GetByLabel("处理理由（必填）").FillAsync("移交记录属实。");
        await card.GetByRole(AriaRole.Button, new() { Name = "支持申诉" }).ClickAsync();
        card = page.GetByTestId("pending-appeal").Filter(new() { HasText = statement });
        (await card.GetByTestId("error-summary").InnerTextAsync()).Should().NotBeEmpty();
        await card.GetByLabel("调整分值（支持时填写，如 3 或 -2）").FillAsync("2");
        await card.GetByRole(AriaRole.Button, new() { Name = "支持申诉" }).ClickAsync();

        (await page.GetByTestId("status-message").InnerTextAsync()).Should().Be($"已支持一项 {BrowserFixture.October.Key} 的申诉。");
        (await page.GetByTestId("pending-appeal").Filter(new() { HasText = statement }).CountAsync()).Should().Be(0);
        var appeals = await b1.GetFromJsonAsync<JsonElement>("/api/appeals");
        appeals.EnumerateArray().Single(a => a.GetProperty("statement").GetString() == statement).GetProperty("status").GetString().Should().Be("Upheld");
    }
}
