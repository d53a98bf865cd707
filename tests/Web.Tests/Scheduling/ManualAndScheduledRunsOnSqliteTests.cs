using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Audit;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Scheduling;

public sealed class SchedulingSqliteApp : TestAppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Scheduling:Monthly"] = "0 2 1 * *",
        ["Scheduling:Quarterly"] = "0 3 1 1,4,7,10 *",
        ["Scheduling:CatchUpMonths"] = "0",
    };

    protected override void ConfigureServices(IServiceCollection services) => WallClock.Use(services);
}

/// <summary>Hangfire in memory on SQLite, over real HTTP: manual runs, repeated scheduled fires, bad periods, the scheduler API.</summary>
public class ManualAndScheduledRunsOnSqliteTests(SchedulingSqliteApp fixture) : IClassFixture<SchedulingSqliteApp>, IAsyncLifetime
{
    private readonly TestApp _app = fixture.App;
    private static readonly SemaphoreSlim Seeded = new(1, 1);
    private static readonly HashSet<string> SeededDatabases = [];

    public async Task InitializeAsync()
    {
        await Seeded.WaitAsync();
        try
        {
            if (SeededDatabases.Add(_app.Database.ConnectionString))
                await EvaluationData.SeedAsync(_app.Database);
        }
        finally
        {
            Seeded.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_manual_run_is_accepted_at_once_and_completes_in_the_background_and_a_second_request_is_a_new_run_superseding_it()
    {
        var inspector = await _app.SignInAsync(Role.Inspector);
        var period = EvaluationData.LastMonth.Key;

        var response = await inspector.PostAsJsonAsync("/api/runs", new { period }, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var queued = (await response.Content.ReadFromJsonAsync<RunView>(TestApp.Json))!;
        response.Headers.Location!.ToString().Should().Be($"/api/runs/{queued.Id}");
        queued.Status.Should().Be(RunStatus.Queued);
        queued.Parts.Should().Be(EvaluationData.Small.Brigades);

        var first = await inspector.WaitForRunAsync(queued.Id);
        first.Run.Status.Should().Be(RunStatus.Completed, first.Run.Error);
        first.Parts.Should().OnlyContain(p => p.Status == RunPartStatus.Done && p.Attempts == 1 && p.Node != null);
        first.Run.Officers.Should().Be(EvaluationData.Small.Brigades * EvaluationData.Small.SquadsPerBrigade * EvaluationData.Small.OfficersPerSquad);

        var again = (await (await inspector.PostAsJsonAsync("/api/runs", new { period }, TestApp.Json)).Content.ReadFromJsonAsync<RunView>(TestApp.Json))!;
        again.Id.Should().NotBe(queued.Id);
        again.SupersedesRunId.Should().Be(queued.Id);
        (await inspector.WaitForRunAsync(again.Id)).Run.Status.Should().Be(RunStatus.Completed);

        await using var db = _app.Database.CreateContext();
        (await db.OfficerResults.CountAsync(r => r.RunId == queued.Id)).Should().Be((await db.OfficerResults.CountAsync(r => r.RunId == again.Id)));
        var audit = (await (await _app.AdminAsync()).GetFromJsonAsync<AuditPage>($"/api/audit?action=EvaluatePeriod&entityId={queued.Id}", TestApp.Json))!;
        audit.Items.Should().ContainSingle().Which.EntityType.Should().Be(nameof(EvaluationRun));
    }

    [Fact]
    public async Task A_scheduled_fire_repeated_makes_one_run_and_one_set_of_results()
    {
        var period = EvaluationData.LastMonth;
        var admin = await _app.AdminAsync();
        var jobs = _app.Services.GetRequiredService<IBackgroundJobClient>();
        var storage = _app.Services.GetRequiredService<JobStorage>();

        var viaApi = await admin.PostAsync($"/api/scheduler/trigger/monthly?period={period.Key}", null);
        viaApi.StatusCode.Should().Be(HttpStatusCode.Accepted, await viaApi.Content.ReadAsStringAsync());
        jobs.Enqueue<ScheduledEvaluationJob>(j => j.RunAsync(ScheduledEvaluationJob.Monthly, period.Key, 0, null, CancellationToken.None));
        var run = await admin.WaitForClaimAsync(EvaluationRun.ScheduledClaim(period));
        var late = jobs.Enqueue<ScheduledEvaluationJob>(j => j.RunAsync(ScheduledEvaluationJob.Monthly, period.Key, 0, null, CancellationToken.None));
        (await storage.WaitForJobAsync(late)).Should().Be("Succeeded");

        run.Status.Should().Be(RunStatus.Completed, run.Error);
        var runs = (await admin.GetFromJsonAsync<List<RunView>>($"/api/runs?period={period.Key}", TestApp.Json))!;
        runs.Where(r => r.ClaimKey == EvaluationRun.ScheduledClaim(period)).Should().ContainSingle().Which.Id.Should().Be(run.Id);
        await using var check = _app.Database.CreateContext();
        var results = await check.OfficerResults.Where(r => r.RunId == run.Id).Select(r => r.OfficerId).ToListAsync();
        results.Should().OnlyHaveUniqueItems().And.HaveCount(run.Officers!.Value + run.Auxiliaries!.Value);
    }

    [Fact]
    public async Task A_malformed_period_is_400_an_unfinished_one_404_a_period_of_the_wrong_kind_422_and_officers_may_not_evaluate()
    {
        var leader = await _app.SignInAsync(Role.Leader);
        var admin = await _app.AdminAsync();

        var malformed = await leader.PostAsJsonAsync("/api/runs", new { period = "2026-13" }, TestApp.Json);
        var unfinished = await leader.PostAsJsonAsync("/api/runs", new { period = EvaluationData.LastMonth.Next.Next.Key }, TestApp.Json);
        var officer = await (await _app.SignInAsync(Role.Officer)).PostAsJsonAsync("/api/runs", new { period = EvaluationData.LastMonth.Key }, TestApp.Json);
        var future = await admin.PostAsync("/api/scheduler/trigger/monthly?period=2099-01", null);
        var quarterForMonthly = await admin.PostAsync("/api/scheduler/trigger/monthly?period=2026-Q2", null);
        var monthForQuarterly = await admin.PostAsync("/api/scheduler/trigger/quarterly?period=2026-09", null);
        var unknownJob = await admin.PostAsync("/api/scheduler/trigger/weekly", null);

        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await malformed.Content.ReadAsStringAsync()).Should().Contain("period");
        unfinished.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unfinished.Content.ReadAsStringAsync()).Should().Contain("has not ended yet");
        officer.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        future.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await future.Content.ReadAsStringAsync()).Should().Contain("2099-01 has not ended yet");
        quarterForMonthly.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await quarterForMonthly.Content.ReadAsStringAsync()).Should().Contain("monthly evaluation evaluates a month").And.Contain("2026-Q2");
        monthForQuarterly.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await monthForQuarterly.Content.ReadAsStringAsync()).Should().Contain("quarterly evaluation evaluates a quarter").And.Contain("2026-09");
        unknownJob.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknownJob.Content.ReadAsStringAsync()).Should().Contain("weekly");
    }

    [Fact]
    public async Task The_scheduler_shows_its_recurring_jobs_in_Shanghai_time_and_an_admin_pauses_and_resumes_it()
    {
        var admin = await _app.AdminAsync();

        var view = (await admin.GetFromJsonAsync<SchedulerView>("/api/scheduler", TestApp.Json))!;
        var byInspector = await (await _app.SignInAsync(Role.Inspector)).PostAsync("/api/scheduler/pause", null);
        var health = await _app.CreateClient().GetStringAsync("/health");

        view.Store.Should().Be(JobStoreKind.Memory);
        view.TimeZone.Should().Be("Asia/Shanghai");
        var monthly = view.Jobs.Should().ContainSingle(j => j.Id == "evaluation-monthly").Subject;
        monthly.Cron.Should().Be("0 2 1 * *");
        monthly.NextFireTime!.Value.Offset.Should().Be(TimeSpan.FromHours(8));
        monthly.NextFireTime.Value.Day.Should().Be(1);
        monthly.NextFireTime.Value.Hour.Should().Be(2);
        view.Jobs.Should().ContainSingle(j => j.Id == "evaluation-quarterly").Which.NextFireTime!.Value.Month.Should().BeOneOf(1, 4, 7, 10);
        view.Nodes.Should().ContainSingle(n => n.ThisNode).Which.Queues.Should().Equal("evaluation", "connectors", "default");
        view.Queues.Keys.Should().BeEquivalentTo(["evaluation", "connectors", "default"]);
        byInspector.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        health.Should().Contain("\"scheduler\"").And.Contain("\"servers\"").And.Contain("\"queues\"");
    }
}
