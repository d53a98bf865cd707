using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>A form whose request is refused by a field check, and a missing object, read in Chinese in Chromium (ADR 33).</summary>
[Collection(BrowserTests.Name)]
public sealed class RequestMessagesInBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_filter_whose_start_is_after_its_end_is_refused_in_Chinese_and_in_English_after_the_switch()
    {
        var page = await browser.SignedInPageAsync(Role.Auditor);
        await page.GotoAsync("/audit");

        await page.GetByLabel("起始日期").FillAsync("2026-10-31");
        await page.GetByLabel("截止日期").FillAsync("2026-10-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();

        (await page.GetByTestId("error-summary").InnerTextAsync()).Should().Contain("开始时间（from）不能晚于结束时间（to）。").And.NotContain("must not be after");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        (await page.GetByTestId("error-summary").InnerTextAsync()).Should().Contain("'from' must not be after 'to'.");
    }

    [Fact]
    public async Task A_run_of_a_period_that_has_not_ended_is_refused_in_Chinese_with_its_end_in_Beijing_time()
    {
        var page = await browser.SignedInPageAsync(Role.Inspector);
        await page.GotoAsync("/runs");

        await page.Locator("#period").FillAsync("2099-01");
        await page.Locator("#confirm").CheckAsync();
        await page.GetByTestId("evaluate-form").Locator("button[type=submit]").ClickAsync();

        (await page.GetByTestId("error-summary").InnerTextAsync()).Should()
            .Contain("2099-01 尚未结束（北京时间 2099-02-01 00:00 结束）；只能考核已结束的周期。").And.NotContain("has not ended");
    }
}
