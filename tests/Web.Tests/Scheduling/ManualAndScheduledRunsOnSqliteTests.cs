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
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace AssessmentEngine.Web.Tests.Scheduling;

public sealed class SchedulingSqliteApp : TestAppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Scheduling:Enabled"] = "true",
        ["Scheduling:CatchUpMonths"] = "0",
    };

    protected override void ConfigureServices(IServiceCollection services) => WallClock.Use(services);
}

/// <summary>The in-memory store on SQLite, over real HTTP: manual runs, duplicated scheduled fires, the scheduler API.</summary>
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
        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var viaApi = await admin.PostAsync($"/api/scheduler/trigger/monthly?period={period.Key}", null);
        viaApi.StatusCode.Should().Be(HttpStatusCode.Accepted, await viaApi.Content.ReadAsStringAsync());
        await scheduler.TriggerJob(ScheduledEvaluationJob.Monthly, new JobDataMap { [ScheduledEvaluationJob.PeriodKey] = period.Key });
        var run = await admin.WaitForClaimAsync(EvaluationRun.ScheduledClaim(period));
        await scheduler.TriggerJob(ScheduledEvaluationJob.Monthly, new JobDataMap { [ScheduledEvaluationJob.PeriodKey] = period.Key });
        await Task.Delay(TimeSpan.FromSeconds(2));

        run.Status.Should().Be(RunStatus.Completed, run.Error);
        var runs = (await admin.GetFromJsonAsync<List<RunView>>($"/api/runs?period={period.Key}", TestApp.Json))!;
        runs.Where(r => r.ClaimKey == EvaluationRun.ScheduledClaim(period)).Should().ContainSingle().Which.Id.Should().Be(run.Id);
        await using var check = _app.Database.CreateContext();
        var results = await check.OfficerResults.Where(r => r.RunId == run.Id).Select(r => r.OfficerId).ToListAsync();
        results.Should().OnlyHaveUniqueItems().And.HaveCount(run.Officers!.Value + run.Auxiliaries!.Value);
    }

    [Fact]
    public async Task A_malformed_period_is_400_an_unfinished_one_404_and_officers_may_not_evaluate()
    {
        var leader = await _app.SignInAsync(Role.Leader);

        var malformed = await leader.PostAsJsonAsync("/api/runs", new { period = "2026-13" }, TestApp.Json);
        var unfinished = await leader.PostAsJsonAsync("/api/runs", new { period = EvaluationData.LastMonth.Next.Next.Key }, TestApp.Json);
        var officer = await (await _app.SignInAsync(Role.Officer)).PostAsJsonAsync("/api/runs", new { period = EvaluationData.LastMonth.Key }, TestApp.Json);

        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await malformed.Content.ReadAsStringAsync()).Should().Contain("period");
        unfinished.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unfinished.Content.ReadAsStringAsync()).Should().Contain("has not ended yet");
        officer.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_scheduler_shows_its_triggers_in_Shanghai_time_and_can_be_paused_and_resumed_by_an_admin()
    {
        var admin = await _app.AdminAsync();

        var view = (await admin.GetFromJsonAsync<SchedulerView>("/api/scheduler", TestApp.Json))!;
        var paused = (await (await admin.PostAsync("/api/scheduler/pause", null)).Content.ReadFromJsonAsync<SchedulerView>(TestApp.Json))!;
        var resumed = (await (await admin.PostAsync("/api/scheduler/resume", null)).Content.ReadFromJsonAsync<SchedulerView>(TestApp.Json))!;
        var byInspector = await (await _app.SignInAsync(Role.Inspector)).PostAsync("/api/scheduler/pause", null);
        var health = await _app.CreateClient().GetStringAsync("/health");

        view.Store.Should().Be(JobStoreKind.Memory);
        view.Started.Should().BeTrue();
        view.TimeZone.Should().Be("Asia/Shanghai");
        var monthly = view.Jobs.Should().ContainSingle(j => j.Job == "monthly").Subject;
        monthly.Cron.Should().Be("0 0 2 1 * ?");
        monthly.NextFireTime!.Value.Offset.Should().Be(TimeSpan.FromHours(8));
        monthly.NextFireTime.Value.Day.Should().Be(1);
        monthly.NextFireTime.Value.Hour.Should().Be(2);
        view.Jobs.Should().ContainSingle(j => j.Job == "quarterly").Which.NextFireTime!.Value.Month.Should().BeOneOf(1, 4, 7, 10);
        paused.Paused.Should().BeTrue();
        resumed.Paused.Should().BeFalse();
        byInspector.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        health.Should().Contain("quartz-scheduler");
    }
}
