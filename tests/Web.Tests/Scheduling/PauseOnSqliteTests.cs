using System.Net.Http.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Scheduling;

/// <summary>Pause and resume through the scheduler endpoints: nothing starts while paused, and what came due runs once after.</summary>
public class PauseOnSqliteTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Scheduling:PausedRecheck"] = "00:00:00.500",
        ["Scheduling:SchedulePollInterval"] = "00:00:00.500",
    };

    [Fact]
    public async Task While_paused_no_part_starts_and_a_scheduled_occurrence_waits_and_resuming_runs_both_once()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, Settings, WallClock.Use);
        await EvaluationData.SeedAsync(app.Database);
        var admin = await app.AdminAsync();
        var storage = app.Services.GetRequiredService<JobStorage>();
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
        var claim = EvaluationRun.ScheduledClaim(EvaluationData.LastMonth);

        var paused = (await (await admin.PostAsync("/api/scheduler/pause", null)).Content.ReadFromJsonAsync<SchedulerView>(TestApp.Json))!;
        var run = (await (await admin.PostAsJsonAsync("/api/runs", new { period = EvaluationData.LastMonth.Key }, TestApp.Json)).Content.ReadFromJsonAsync<RunView>(TestApp.Json))!;
        // An occurrence of the monthly schedule: it evaluates the month before "now".
        var occurrence = jobs.Enqueue<ScheduledEvaluationJob>(j => j.RunAsync(ScheduledEvaluationJob.Monthly, null, 0, null, CancellationToken.None));
        (await storage.WaitForJobAsync(occurrence)).Should().Be("Succeeded");
        // Every part job came up, found the scheduler paused and put itself back for later.
        await Eventually.FoundAsync(() => Task.FromResult(storage.GetMonitoringApi().ScheduledCount() >= EvaluationData.Small.Brigades ? "parked" : null), "the parts to wait");
        var whilePaused = (await admin.GetFromJsonAsync<RunDetail>($"/api/runs/{run.Id}", TestApp.Json))!;
        var runsWhilePaused = (await admin.GetFromJsonAsync<List<RunView>>("/api/runs", TestApp.Json))!;

        var resumed = (await (await admin.PostAsync("/api/scheduler/resume", null)).Content.ReadFromJsonAsync<SchedulerView>(TestApp.Json))!;
        var manual = await admin.WaitForRunAsync(run.Id);
        var scheduled = await admin.WaitForClaimAsync(claim);

        paused.Paused.Should().BeTrue();
        whilePaused.Run.Status.Should().Be(RunStatus.Queued);
        whilePaused.Parts.Should().OnlyContain(p => p.Status == RunPartStatus.Pending && p.Attempts == 0);
        runsWhilePaused.Should().ContainSingle("the scheduled occurrence only noted its period").Which.Id.Should().Be(run.Id);
        resumed.Paused.Should().BeFalse();
        manual.Run.Status.Should().Be(RunStatus.Completed, manual.Run.Error);
        scheduled.Status.Should().Be(RunStatus.Completed, scheduled.Error);
        (await admin.GetFromJsonAsync<List<RunView>>("/api/runs", TestApp.Json))!.Count(r => r.ClaimKey == claim).Should().Be(1);
    }
}
