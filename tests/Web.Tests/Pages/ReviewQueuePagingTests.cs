using System.Net;
using System.Text.RegularExpressions;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Pages.Review;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>A demo brigade's month proposes dozens of outcomes: the review queue shows them a page at a time, keeping the filters.</summary>
public sealed partial class ReviewQueuePagingTests
{
    [Fact]
    public async Task The_review_queue_is_paged_and_every_outcome_is_on_exactly_one_page()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var october = AssessmentPeriod.Month(2026, 10);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            await new DemoSeeder(db).SeedAsync(new DemoOptions { Brigades = 1 }, [october]);
            await ShippedSchemes.ImportAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>(), app.Clock.GetUtcNow(), CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<EvaluationService>().EvaluateAsync(october, "test-node");
        }
        using var leader = await app.SignInAsync(Role.Leader);

        var first = await leader.GetStringAsync("/review?period=2026-10&status=All");
        var pages = int.Parse(PageOf().Match(first).Groups["pages"].Value);
        var total = int.Parse(PageOf().Match(first).Groups["total"].Value);
        var ids = new List<string>(Cards().Matches(first).Select(m => m.Value));
        for (var page = 2; page <= pages; page++)
            ids.AddRange(Cards().Matches(await leader.GetStringAsync($"/review?period=2026-10&status=All&pg={page}")).Select(m => m.Value));
        var beyond = await leader.GetAsync($"/review?period=2026-10&status=All&pg={pages + 5}");

        total.Should().BeGreaterThan(IndexModel.DefaultPageSize, "the demo month proposes more outcomes than one page holds");
        Cards().Matches(first).Should().HaveCount(IndexModel.DefaultPageSize);
        ids.Should().HaveCount(total).And.OnlyHaveUniqueItems();
        first.Should().Contain("status=All&amp;pg=2", "the next-page link keeps the period and status");
        beyond.StatusCode.Should().Be(HttpStatusCode.OK, "a page past the end shows the last page");
    }

    [GeneratedRegex(@"第 \d+ / (?<pages>\d+) 页，共 (?<total>\d+) 项")]
    private static partial Regex PageOf();

    [GeneratedRegex(@"id=""outcome-[0-9a-f]{32}""")]
    private static partial Regex Cards();
}
