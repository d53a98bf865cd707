using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Pages.Rules;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.RuleSets;

/// <summary>
/// A failed dry run shows a coded reason in the reader's language (never the exception's text), and the recurring
/// clean-up keeps the latest dry runs of each version and the young ones, deleting the rest.
/// </summary>
public abstract class DryRunFailureAndCleanupTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EvaluatedOctoberFixture
{
    private const string Scheme = "test-officer-monthly";

    private TestApp App => fixture.App;

    [Fact]
    public async Task A_dry_run_that_fails_in_its_job_says_why_in_the_readers_language_on_the_API_and_the_rules_page()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var saved = await inspector.PostAsJsonAsync($"/api/rulesets/{Scheme}/versions", new { content = TestSchemes.Officer.Replace("\"-1 * lateCount\"", "\"-3 * lateCount\"", StringComparison.Ordinal) }, TestApp.Json);
        saved.StatusCode.Should().Be(HttpStatusCode.Created);
        var number = (await saved.Content.ReadFromJsonAsync<RuleSetVersionDetail>(TestApp.Json))!.Version.Number;

        // Queued as the start request would, on periods its checks would have refused: a quarter, and a month nobody evaluated.
        var quarter = await QueueAsync(number, AssessmentPeriod.QuarterOf(2026, 4));
        (await DryRuns.FinishedAsync(inspector, quarter)).Status.Should().Be(DryRunStatus.Failed);
        var unevaluated = await QueueAsync(number, AssessmentPeriod.Month(2026, 8));
        (await DryRuns.FinishedAsync(inspector, unevaluated)).Status.Should().Be(DryRunStatus.Failed);

        var zh = await ReadAsync(inspector, quarter, "zh-CN,zh;q=0.9");
        var en = await ReadAsync(inspector, quarter, "en-US,en;q=0.9");
        var unexpected = await ReadAsync(inspector, unevaluated, "zh-CN");
        var page = WebUtility.HtmlDecode(await (await inspector.GetAsync(SchemeModel.DryRunUrl(Scheme, number, quarter.Id))).Content.ReadAsStringAsync());

        zh.ErrorCode.Should().Be("MonthlyCannotDryRunQuarter");
        zh.ErrorMessage.Should().Be($"{Scheme} v{number} 是月度方案，不能试运行季度 2026-Q4。");
        zh.Error.Should().EndWith("is a monthly scheme and cannot evaluate 2026-Q4.", "the English text stays for programs");
        en.ErrorMessage.Should().Be($"{Scheme} v{number} is a monthly scheme and cannot evaluate the quarter 2026-Q4.");
        unexpected.ErrorCode.Should().Be(DryRunFailure.UnexpectedCode);
        unexpected.ErrorMessage.Should().Be($"试运行因意外错误中断，详细原因已记入服务器日志（试运行 {unevaluated.Id}）；请重试，如仍失败请联系管理员。");
        unexpected.Error.Should().NotContain("no completed evaluation run", "the technical detail goes to the log only");
        page.Should().Contain($"试运行失败：{Scheme} v{number} 是月度方案，不能试运行季度 2026-Q4。").And.NotContain("cannot evaluate");
    }

    [Fact]
    public async Task The_recurring_clean_up_keeps_the_latest_five_of_each_version_and_those_younger_than_30_days_and_deletes_the_rest()
    {
        var now = App.Clock.GetUtcNow();
        var scheme = "cleanup-" + Guid.NewGuid().ToString("N")[..8];
        var old = Enumerable.Range(0, 8).Select(i => Finished(scheme, 1, now.AddDays(-40 - i))).ToList();
        var young = Enumerable.Range(0, 2).Select(i => Finished(scheme, 1, now.AddDays(-1 - i))).ToList();
        var runningForWeeks = Finished(scheme, 1, now.AddDays(-90));
        runningForWeeks.Status = DryRunStatus.Running;
        runningForWeeks.FinishedAt = null;
        var onlyOfItsVersion = Finished(scheme, 2, now.AddDays(-400));
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            db.DryRuns.AddRange([.. old, .. young, runningForWeeks, onlyOfItsVersion]);
            await db.SaveChangesAsync();
            using var connection = scope.ServiceProvider.GetRequiredService<JobStorage>().GetConnection();
            connection.GetRecurringJobs().Select(j => j.Id).Should().Contain(DryRunCleanupJob.RecurringId, "the clean-up is declared at start-up");
            scope.ServiceProvider.GetRequiredService<IRecurringJobManager>().Trigger(DryRunCleanupJob.RecurringId);
        }

        var left = await Eventually.UntilAsync(
            async () =>
            {
                await using var scope = App.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
                return await db.DryRuns.AsNoTracking().Where(d => d.SchemeName == scheme).Select(d => d.Id).ToListAsync();
            },
            ids => ids.Count < 12,
            "the clean-up to delete the old dry runs");

        left.Should().BeEquivalentTo([.. young.Select(d => d.Id), .. old.Take(3).Select(d => d.Id), runningForWeeks.Id, onlyOfItsVersion.Id]);
    }

    private static DryRun Finished(string scheme, int number, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(),
        SchemeName = scheme,
        VersionNumber = number,
        Period = AssessmentPeriod.Month(2026, 10),
        Status = DryRunStatus.Completed,
        Stage = DryRunStage.Done,
        StartedBy = "inspector",
        QueuedAt = at.AddMinutes(-1),
        StartedAt = at.AddMinutes(-1),
        FinishedAt = at,
        ReportJson = "{}",
    };

    private async Task<DryRunView> QueueAsync(int number, AssessmentPeriod period)
    {
        var dryRun = new DryRun { Id = Guid.NewGuid(), SchemeName = Scheme, VersionNumber = number, Period = period, StartedBy = "inspector", QueuedAt = App.Clock.GetUtcNow() };
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        db.DryRuns.Add(dryRun);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>().Enqueue<DryRunJob>(j => j.RunAsync(dryRun.Id, CancellationToken.None));
        return DryRunView.Of(dryRun);
    }

    private static async Task<DryRunView> ReadAsync(HttpClient client, DryRunView dryRun, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, DryRunView.Location(dryRun.Scheme, dryRun.Number, dryRun.Id));
        request.Headers.Add("Accept-Language", language);
        var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<DryRunView>(TestApp.Json))!;
    }
}

public sealed class DryRunFailureAndCleanupTestsOnSqlite(DryRunJobFixtureOnSqlite app) : DryRunFailureAndCleanupTests<DryRunJobFixtureOnSqlite>(app);

public sealed class DryRunFailureAndCleanupTestsOnPostgres(DryRunJobFixtureOnPostgres app) : DryRunFailureAndCleanupTests<DryRunJobFixtureOnPostgres>(app);
