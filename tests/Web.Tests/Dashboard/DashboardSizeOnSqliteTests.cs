using System.Net.Http.Json;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Dashboard;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Dashboard;

/// <summary>
/// /api/dashboard answers in about the same number of bytes for a brigade and for a detachment five times its size: every
/// list is a page (squads) or a head (top, bottom, proposals) of the configured length, with the totals to page on.
/// </summary>
public sealed class DashboardSizeOnSqliteTests
{
    private const int ListLength = 3;
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);

    [Fact]
    public async Task The_dashboard_of_the_whole_detachment_is_no_larger_than_one_brigades_whatever_the_detachments_size()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { ["Dashboard:ListLength"] = $"{ListLength}" });
        long brigade;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            await new DemoSeeder(db).SeedAsync(new DemoOptions { Brigades = 5, OfficersPerSquad = 12, AuxiliariesPerSquad = 4 }, [October]);
            await ShippedSchemes.ImportAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>(), app.Clock.GetUtcNow(), CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<EvaluationService>().EvaluateAsync(October, "test-node");
            brigade = await db.Units.Where(u => u.Name == "一大队").Select(u => u.Id).SingleAsync();
        }
        var admin = await app.AdminAsync();

        var ofBrigade = await admin.GetAsync(new Uri($"/api/dashboard?period={October.Key}&unitId={brigade}", UriKind.Relative));
        var ofDetachment = await admin.GetAsync(new Uri($"/api/dashboard?period={October.Key}", UriKind.Relative));
        var page = await admin.GetStringAsync($"/dashboard?period={October.Key}&squadPage=2");
        var lastPage = (await admin.GetFromJsonAsync<DashboardView>($"/api/dashboard?period={October.Key}&squadPage=7", TestApp.Json))!;

        var brigadeBytes = (await ofBrigade.Content.ReadAsByteArrayAsync()).Length;
        var detachmentBytes = (await ofDetachment.Content.ReadAsByteArrayAsync()).Length;
        var brigadeView = (await ofBrigade.Content.ReadFromJsonAsync<DashboardView>(TestApp.Json))!;
        var view = (await ofDetachment.Content.ReadFromJsonAsync<DashboardView>(TestApp.Json))!;
        brigadeView.Officers.Should().Be(64);
        view.Officers.Should().Be(320, "five brigades of four squads of sixteen");
        view.SquadCount.Should().Be(20);
        view.Squads.Should().HaveCount(ListLength);
        view.ListLength.Should().Be(ListLength);
        view.ProposedCount.Should().BeGreaterThan(brigadeView.ProposedCount).And.BeGreaterThan(ListLength);
        view.ProposedOutcomes.Should().HaveCount(ListLength);
        brigadeView.Squads.Should().HaveCount(ListLength, "a brigade's four squads fill a page too");
        lastPage.Squads.Should().HaveCount(20 - (6 * ListLength), "the seventh page holds the last two squads");
        page.Should().Contain("第 2 / 7 页，共 20 项").And.Contain($"href=\"/dashboard?period={October.Key}&amp;squadPage=3#squads-heading\"", "the page pages the squads, keeping the period")
            .And.Contain("待审批共 ", "the page says how many proposals there are beyond those it lists");
        detachmentBytes.Should().BeLessThan(brigadeBytes * 5 / 4, $"five times the officers must not make the answer grow ({brigadeBytes} bytes for a brigade)");
    }
}
