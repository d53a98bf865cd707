using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Reviews;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// Review at scale: two demo brigades' October proposes dozens of outcomes each; a leader narrows the queue to 一大队 at 50 a
/// page, ticks "select all on this page" and approves the 50 with one click. Its own app (it approves what the shared
/// fixture's tests read), the shared browser.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class BatchApprovalInBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    private TestApp? _app;

    private TestApp App => _app ?? throw new InvalidOperationException("The app starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        await new DemoSeeder(db).SeedAsync(new DemoOptions { Brigades = 2 }, [October]);
        await ShippedSchemes.ImportAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>(), _app.Clock.GetUtcNow(), CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<EvaluationService>().EvaluateAsync(October, "browser-tests");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_leader_filters_the_queue_to_one_brigade_and_approves_fifty_proposals_at_once()
    {
        var firstBrigade = await UnitIdAsync("一大队");
        var user = await App.CreateUserAsync(Role.Leader, displayName: "支队 孙支队长");
        var page = await browser.NewPageAsync(App);
        await page.SignInAsync(user.UserName, TestApp.Password);
        await page.GotoAsync($"/review?period={October.Key}");

        await page.GetByLabel("单位", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "一大队" });
        await page.GetByLabel("每页条数").SelectOptionAsync("50");
        await page.GetByTestId("review-filters").GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"unitId={firstBrigade}", StringComparison.Ordinal) && url.Contains("size=50", StringComparison.Ordinal));
        var pager = await page.GetByTestId("pager").InnerTextAsync();
        var cards = page.GetByTestId("outcome");
        (await cards.CountAsync()).Should().Be(50, "the brigade proposes more than a page of 50: " + pager);
        (await cards.GetByTestId("unit-name").AllInnerTextsAsync()).Should().OnlyContain(name => name.StartsWith("一大队·", StringComparison.Ordinal), "cards name the squad with its brigade");
        var shown = await cards.Locator("input.select-outcome").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.value)");
        (await page.GetByTestId("pager").GetByRole(AriaRole.Link, new() { Name = "下一页" }).GetAttributeAsync("href")).Should()
            .Contain($"unitId={firstBrigade}").And.Contain("size=50").And.Contain("pg=2", "paging keeps the filters");

        await page.GetByLabel("全选本页待审批（50 项）").CheckAsync();
        (await cards.Locator("input.select-outcome:checked").CountAsync()).Should().Be(50, "select all ticks every box of the page");
        await Screenshots.SaveAsync(page, "review-batch");
        await page.GetByTestId("approve-many").GetByRole(AriaRole.Button, new() { Name = "批量批准" }).ClickAsync();

        (await page.GetByTestId("status-message").InnerTextAsync()).Should().Be("已批准 50 项。");
        page.Url.Should().Contain($"unitId={firstBrigade}", "the filters stay after approving");
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        var ids = shown.Select(Guid.Parse).ToList();
        (await db.Outcomes.Where(o => ids.Contains(o.Id)).Select(o => o.Status).ToListAsync()).Should().HaveCount(50).And.OnlyContain(s => s == OutcomeStatus.Approved);
        (await db.Outcomes.CountAsync(o => o.Status == OutcomeStatus.Approved)).Should().Be(50, "only the chosen page was approved");
        var audited = await db.Set<AuditEntry>().Where(e => e.Action == nameof(ApproveOutcome)).Select(e => e.EntityId).ToListAsync();
        audited.Should().BeEquivalentTo(shown, "each approval has its own audit entry");
    }

    private async Task<long> UnitIdAsync(string name)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AssessmentDbContext>().Units.Where(u => u.Name == name).Select(u => u.Id).SingleAsync();
    }
}
