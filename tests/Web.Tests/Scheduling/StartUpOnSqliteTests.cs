using System.Data.Common;
using System.Net.Http.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Scheduling;

/// <summary>What an embedded node does when it starts: catch up a missed month, dispatch again the runs a restart interrupted (the in-memory store forgot their jobs).</summary>
public class StartUpOnSqliteTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Scheduling:Monthly"] = "0 2 1 * *",
        ["Scheduling:CatchUpMonths"] = "1",
    };

    [Fact]
    public async Task A_finished_month_without_a_completed_run_is_evaluated_at_start_up_and_not_again_after_a_restart()
    {
        var database = new SqliteTestDatabase();
        await EvaluationData.SeedAsync(database);
        var claim = EvaluationRun.ScheduledClaim(EvaluationData.LastMonth);
        RunView first;
        await using (var app = await TestApp.StartOnAsync(new KeptDatabase(database), Settings, WallClock.Use))
        {
            first = await (await app.AdminAsync()).WaitForClaimAsync(claim);
        }

        // Catch-up is decided before the node serves: once it answers, anything it queued is in the job store.
        await using var restarted = await TestApp.StartOnAsync(database, Settings, WallClock.Use);
        var admin = await restarted.AdminAsync();
        var statistics = restarted.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi().GetStatistics();
        var runs = (await admin.GetFromJsonAsync<List<RunView>>("/api/runs", TestApp.Json))!;

        first.Status.Should().Be(RunStatus.Completed, first.Error);
        (statistics.Enqueued + statistics.Processing + statistics.Succeeded + statistics.Scheduled).Should().Be(0, "the restarted node queued nothing");
        runs.Should().ContainSingle().Which.Id.Should().Be(first.Id);
    }

    [Fact]
    public async Task A_run_interrupted_by_a_restart_of_the_in_memory_scheduler_is_resumed_and_completes()
    {
        var database = new SqliteTestDatabase();
        await EvaluationData.SeedAsync(database);
        var interrupted = new Dictionary<string, string>(Settings) { ["Scheduling:CatchUpMonths"] = "0", ["Scheduling:PartRetries:Delay"] = "01:00:00" };
        RunView run;
        await using (var app = await TestApp.StartOnAsync(new KeptDatabase(database), interrupted, s => { WallClock.Use(s); s.AddSingleton<IInterceptor>(new AlwaysLocked()); }))
        {
            var admin = await app.AdminAsync();
            run = (await (await admin.PostAsJsonAsync("/api/runs", new { period = EvaluationData.LastMonth.Key }, TestApp.Json)).Content.ReadFromJsonAsync<RunView>(TestApp.Json))!;
            await Eventually.UntilAsync(async () => (await admin.GetFromJsonAsync<RunDetail>($"/api/runs/{run.Id}", TestApp.Json))!.Parts.All(p => p.Attempts == 1 && p.Status == Web.Features.Evaluations.RunPartStatus.Failed), "every part to fail once");
        }

        await using var restarted = await TestApp.StartOnAsync(database, interrupted, WallClock.Use);
        var detail = await (await restarted.AdminAsync()).WaitForRunAsync(run.Id);

        detail.Run.Status.Should().Be(RunStatus.Completed, detail.Run.Error);
        detail.Parts.Should().OnlyContain(p => p.Attempts == 2 && p.Status == Web.Features.Evaluations.RunPartStatus.Done);
    }

    /// <summary>Every write of staged scores meets a busy database, so each part waits for a retry an hour away.</summary>
    private sealed class AlwaysLocked : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            command.CommandText.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) && command.CommandText.Contains("staged_officer_scores", StringComparison.Ordinal)
                ? throw new SqliteException("SQLite Error 5: 'database is locked'.", 5)
                : base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    /// <summary>The same SQLite file, left in place when the first app stops so that the second starts on it.</summary>
    private sealed class KeptDatabase(TestDatabase inner) : TestDatabase
    {
        public override Web.Persistence.DatabaseProvider Provider => inner.Provider;
        public override string ConnectionString => inner.ConnectionString;
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
