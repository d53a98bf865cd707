using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>The rule editor's live check says the engine's findings in Chinese, suggestion included, in Chromium.</summary>
[Collection(BrowserTests.Name)]
public sealed class DiagnosticsInBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_live_check_shows_an_unknown_member_in_Chinese_with_its_suggestion()
    {
        var page = await browser.SignedInPageAsync(Role.Inspector, displayName: "王督察");
        await page.GotoAsync("/rules/test-officer-monthly");
        await page.Locator("textarea#content[data-enhanced='true']").WaitForAsync();
        var editor = page.GetByLabel("规则文件（JSON）");
        var original = await editor.InputValueAsync();
        var broken = original.Replace("officer.Commendations.Any(", "officer.Comendations.Any(", StringComparison.Ordinal);
        broken.Should().NotBe(original);

        await editor.FillAsync(broken);

        var error = page.Locator("#diagnostics li.diag-error[data-rule='Letter']");
        await error.WaitForAsync();
        var message = error.Locator(".diag-msg");
        (await message.InnerTextAsync()).Should().MatchRegex("^未知成员“Comendations”（类型“[A-Za-z]+”中没有此成员）——您是否想写“Commendations”？$");
        (await message.GetAttributeAsync("lang")).Should().BeNull("the message is in the page's language, not marked as English");
        (await error.Locator(".diag-code").InnerTextAsync()).Should().Be("RE0201");
        await Screenshots.SaveAsync(page, "rule-editor-diagnostic-zh");
    }
}
