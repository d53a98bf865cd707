using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Evaluations;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>Issue #15: an officer's page on a 390 px phone, with their own proposed outcomes; the printable 公示 list of a unit.</summary>
[Collection(BrowserTests.Name)]
public sealed class PhoneAndPrintInBrowserTests(BrowserFixture browser)
{
    private static readonly string October = BrowserFixture.October.Key;

    [Fact]
    public async Task An_officer_reads_their_page_and_their_proposed_interview_on_a_390_px_phone()
    {
        var page = await browser.SignedInPageAsync(Role.Officer, ConstructedBrigade.SquadB, officerId: 5, displayName: "陈静");
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync($"/officers/5?period={October}");

        (await page.GetByTestId("officer-name").InnerTextAsync()).Should().Contain("陈静");
        (await page.GetByTestId("own-outcomes").InnerTextAsync()).Should().Contain("约谈（大队支委会）");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "nothing is cut off or scrolls sideways");
        var menu = await page.Locator("nav.sidenav").BoundingBoxAsync();
        menu!.Height.Should().BeLessThan(80, "the menu is one row above the page, not a column beside it");
        var tiles = await page.GetByTestId("summary").Locator(".tile").EvaluateAllAsync<double[]>("tiles => tiles.map(t => t.getBoundingClientRect().right)");
        tiles.Should().OnlyContain(right => right <= 390);
        await Screenshots.SaveAsync(page, "officer-phone");
    }

    [Fact]
    public async Task A_leader_prints_the_published_list_of_a_brigade()
    {
        var leader = await browser.SignedInPageAsync(Role.Leader);
        await leader.GotoAsync($"/review?period={October}");
        var publish = leader.GetByTestId("publication").GetByRole(AriaRole.Button, new() { Name = "公示" });
        if (await publish.CountAsync() > 0)
        {
            // Proposals of the month are still pending: publishing needs the leader's confirmation.
            if (await leader.Locator("#confirmPending").CountAsync() > 0)
                await leader.Locator("#confirmPending").CheckAsync();
            await publish.ClickAsync();
        }
        (await leader.GetByTestId("publication").Locator(".badge").InnerTextAsync()).Should().Be("公示中");

        await leader.GotoAsync($"/dashboard?period={October}&unitId={ConstructedBrigade.Brigade}");
        await leader.GetByTestId("print-results").ClickAsync();

        (await leader.Locator("h1").InnerTextAsync()).Should().Be($"一大队 {October} 考核结果公示");
        var rows = leader.GetByTestId("published-results").Locator("tbody tr");
        (await rows.CountAsync()).Should().Be(6);
        (await rows.AllInnerTextsAsync()).Should().Contain(r => r.Contains("杨磊") && r.Contains("一大队·二中队"));
        (await leader.Locator("nav.sidenav").CountAsync()).Should().Be(0, "a sheet to post has no menu");
        await Screenshots.SaveAsync(leader, "print-results");
    }
}

/// <summary>Issue #15: a squad drilled down from the ranking says why it scores below its members' average.</summary>
[Collection(BrowserTests.Name)]
public sealed class SquadDrillDownInBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_leader_opens_a_squad_from_the_ranking_and_reads_each_squad_rule_with_its_members()
    {
        var page = await browser.SignedInPageAsync(Role.Leader, ConstructedBrigade.Brigade);
        await page.GotoAsync($"/dashboard?period={BrowserFixture.October.Key}");

        await page.GetByTestId("squads").GetByRole(AriaRole.Link, new() { Name = "二中队" }).ClickAsync();

        (await page.GetByTestId("squad-name").InnerTextAsync()).Should().Be($"一大队·二中队 · {BrowserFixture.October.Key}");
        (await page.GetByTestId("squad-why").InnerTextAsync()).Should().StartWith("队员平均").And.Contain("中队得分");
        // The browser fixture's squad scheme: the members' average, then −2 for each overdue case (B1's CASE-B1).
        (await page.GetByTestId("squad-line").Filter(new() { HasText = "队员平均分" }).InnerTextAsync()).Should().Contain("队员");
        (await page.GetByTestId("squad-line").Filter(new() { HasText = "超期案件" }).Locator(".points").InnerTextAsync()).Should().Be("−2");
        (await page.GetByTestId("squad-why").InnerTextAsync()).Should().Contain("（−2）");
        (await page.GetByTestId("squad-members").Locator("tbody tr").CountAsync()).Should().Be(3);
        await Screenshots.SaveAsync(page, "squad-drill-down");
    }
}
