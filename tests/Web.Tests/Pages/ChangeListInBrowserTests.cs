using System.Net.Http.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// A leader publishes September, an appeal is upheld, the month is re-run: the review page shows the change list (A2 王芳
/// +3) before the leader republishes, and republishing needs the confirmation of the proposals still pending. Its own app
/// (a re-run changes what the shared fixture's tests read), the shared browser.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class ChangeListInBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly AssessmentPeriod September = AssessmentPeriod.Month(2026, 9);
    private TestApp? _app;

    private TestApp App => _app ?? throw new InvalidOperationException("The app starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        await ConstructedBrigade.SeedAsync(db, [September]);
        await TestSchemes.ReplaceShippedAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>());
        await EvaluateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_leader_sees_the_change_list_after_a_re_run_of_a_published_month_and_republishes()
    {
        var page = await SignedInPageAsync(Role.Leader, "支队 孙支队长");
        await page.GotoAsync($"/review?period={September.Key}");
        var publication = page.GetByTestId("publication");
        (await publication.GetByTestId("pending-count").InnerTextAsync()).Should().StartWith("尚有 ").And.EndWith(" 项待审批。");

        // Publishing without ticking the confirmation is refused, with the number pending; ticking it publishes.
        await publication.GetByRole(AriaRole.Button, new() { Name = "公示" }).ClickAsync();
        (await page.GetByTestId("error-summary").InnerTextAsync()).Should().Contain("项待审批：请勾选确认后再公示");
        (await page.GetByTestId("publication").Locator(".badge").InnerTextAsync()).Should().Be("草稿");
        await page.GetByTestId("publication").Locator("#confirmPending").CheckAsync();
        await page.GetByTestId("publication").GetByRole(AriaRole.Button, new() { Name = "公示" }).ClickAsync();
        (await page.GetByTestId("status-message").InnerTextAsync()).Should().StartWith($"{September.Key} 考核结果已公示");
        (await page.GetByTestId("change-list").CountAsync()).Should().Be(0, "nothing changed since publication");

        // An appeal of A2 is upheld (+3) and the month re-run.
        var officer = await App.SignInAsync(Role.Officer, ConstructedBrigade.SquadA, officerId: 2);
        var filed = await officer.PostAsJsonAsync("/api/appeals", new { period = September.Key, officerId = 2, ruleName = "LateArrival", statement = "考勤机故障" }, TestApp.Json);
        var appeal = await filed.Content.ReadFromJsonAsync<Features.Appeals.AppealView>(TestApp.Json);
        var inspector = await App.SignInAsync(Role.Inspector);
        (await inspector.PostAsJsonAsync($"/api/appeals/{appeal!.Id}/uphold", new { points = 3, reason = "属实" }, TestApp.Json)).EnsureSuccessStatusCode();
        await EvaluateAsync();

        await page.GotoAsync($"/review?period={September.Key}");
        var changes = page.GetByTestId("change-list");
        (await changes.Locator("h2").InnerTextAsync()).Should().Be("变更清单（与已公示结果相比）");
        (await changes.GetByTestId("change").Filter(new() { HasText = "王芳" }).InnerTextAsync()).Should().Contain("96 → 99").And.Contain("+3");
        (await page.GetByTestId("publication").Locator(".badge").InnerTextAsync()).Should().Be("公示中", "the published results stay posted until republication");
        await Screenshots.SaveAsync(page, "review-change-list");

        await page.GetByTestId("publication").Locator("#confirmPending").CheckAsync();
        await page.GetByTestId("publication").GetByRole(AriaRole.Button, new() { Name = "重新公示" }).ClickAsync();
        (await page.GetByTestId("status-message").InnerTextAsync()).Should().StartWith($"{September.Key} 考核结果已公示");
        (await page.GetByTestId("publication").InnerTextAsync()).Should().Contain("第 2 次公示");
        (await page.GetByTestId("change-list").CountAsync()).Should().Be(0);
    }

    private async Task EvaluateAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<EvaluationService>();
        await service.CompleteAsync((await service.QueueAsync(September)).Id, "browser-tests");
    }

    private async Task<IPage> SignedInPageAsync(Role role, string displayName)
    {
        var user = await App.CreateUserAsync(role, displayName: displayName);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = BrowserFixture.Laptop,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.SignInAsync(user.UserName, TestApp.Password);
        return page;
    }
}
