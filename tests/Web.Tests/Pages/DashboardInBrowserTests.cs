using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>The Hangfire dashboard in Chromium: refused to an officer and to a reader without a session, shown to an admin in Chinese.</summary>
[Collection(BrowserTests.Name)]
public sealed class DashboardInBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_dashboard_sends_a_visitor_to_sign_in_refuses_an_officer_and_shows_an_admin_its_pages_in_Chinese()
    {
        var anonymous = await browser.NewPageAsync();
        await anonymous.GotoAsync("/hangfire");
        anonymous.Url.Should().EndWith("/signin?returnUrl=%2Fhangfire");

        var officer = await browser.SignedInPageAsync(Role.Officer, officerId: 2);
        var refused = await officer.GotoAsync("/hangfire");
        refused!.Status.Should().Be(403);
        officer.Url.Should().Contain("/forbidden");

        var admin = await browser.SignedInPageAsync(Role.Admin, displayName: "王管理员");
        await admin.GotoAsync("/runs");
        await admin.GetByTestId("dashboard-link").ClickAsync();
        await admin.WaitForURLAsync("**/hangfire");
        var navigation = await admin.Locator("nav, .navbar").First.InnerTextAsync();
        navigation.Should().Contain("作业").And.Contain("周期性作业").And.Contain("服务器");
        (await admin.TitleAsync()).Should().Contain("仪表盘");
        await admin.GetByRole(AriaRole.Link, new() { Name = "服务器" }).First.ClickAsync();
        await admin.WaitForURLAsync("**/hangfire/servers");
        var content = await admin.ContentAsync();
        content.Should().NotContain(browser.App.Database.ConnectionString.Split(';')[0], "the storage's connection string is not shown");
        await Screenshots.SaveAsync(admin, "hangfire-dashboard");
    }
}
