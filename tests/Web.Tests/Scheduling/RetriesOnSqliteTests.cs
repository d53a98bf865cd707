using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Scheduling;

/// <summary>
/// Transient failures of brigade parts, injected as the "database is locked" error SQLite really raises, through an EF
/// interceptor registered in the app's container: retried with back-off and counted on the part, or, once the attempts
/// are spent, the run fails once with the error in the API, and stays failed while the other parts' retries run out.
/// </summary>
public class RetriesOnSqliteTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Scheduling:PartRetries:Attempts"] = "3",
        ["Scheduling:PartRetries:Delay"] = "00:00:00.300",
        ["Scheduling:PartRetries:BackoffFactor"] = "2",
        ["Scheduling:SchedulePollInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task A_part_that_fails_transiently_is_retried_with_each_attempt_counted_and_the_run_completes()
    {
        var locked = new LockedStaging(failures: 2);
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, Settings, s => { s.AddSingleton<IInterceptor>(locked); WallClock.Use(s); });
        await EvaluationData.SeedAsync(app.Database);
        var inspector = await app.SignInAsync(Role.Inspector);

        var run = await EvaluateAsync(inspector);
        var detail = await inspector.WaitForRunAsync(run.Id);

        detail.Run.Status.Should().Be(RunStatus.Completed, detail.Run.Error);
        locked.Thrown.Should().Be(2);
        detail.Parts.Sum(p => p.Attempts).Should().Be(detail.Parts.Count + 2);
        detail.Parts.Should().OnlyContain(p => p.Status == RunPartStatus.Done && p.Error == null);
        detail.Parts.Should().Contain(p => p.Attempts > 1);
    }

    [Fact]
    public async Task A_part_that_keeps_failing_fails_the_run_after_the_last_attempt_with_the_error_visible()
    {
        var locked = new LockedStaging(failures: int.MaxValue);
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, Settings, s => { s.AddSingleton<IInterceptor>(locked); WallClock.Use(s); });
        await EvaluationData.SeedAsync(app.Database);
        var inspector = await app.SignInAsync(Role.Inspector);

        var run = await EvaluateAsync(inspector);
        var failed = await inspector.WaitForRunAsync(run.Id);
        // The other parts keep failing and retrying after the run failed: wait until Hangfire has nothing left for it.
        var monitoring = app.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        await Eventually.FoundAsync(() => Task.FromResult(monitoring.GetStatistics() is { Enqueued: 0, Scheduled: 0, Processing: 0 } ? "idle" : null), "every job of the run to finish");
        var detail = (await inspector.GetFromJsonAsync<RunDetail>($"/api/runs/{run.Id}", TestApp.Json))!;
        var listed = (await inspector.GetFromJsonAsync<List<RunView>>("/api/runs", TestApp.Json))!.Single(r => r.Id == run.Id);

        failed.Run.Status.Should().Be(RunStatus.Failed);
        detail.Run.Status.Should().Be(RunStatus.Failed);
        detail.Run.Error.Should().Be(failed.Run.Error, "the run fails once");
        detail.Run.FinishedAt.Should().Be(failed.Run.FinishedAt);
        detail.Run.Error.Should().Contain("database is locked").And.Contain("attempt 4");
        detail.Parts.Should().Contain(p => p.Status == RunPartStatus.Failed && p.Attempts == 4 && p.Error!.Contains("database is locked"));
        // Retries of the other parts that came due after the run failed found it failed and left it (and themselves) alone.
        detail.Parts.Should().OnlyContain(p => p.Status == RunPartStatus.Failed && p.Attempts <= 4);
        listed.Status.Should().Be(RunStatus.Failed);
        listed.Error.Should().Be(detail.Run.Error);
    }

    private static async Task<RunView> EvaluateAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/runs", new { period = EvaluationData.LastMonth.Key }, TestApp.Json);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RunView>(TestApp.Json))!;
    }

    /// <summary>Refuses the first <c>failures</c> writes of a part's staged scores the way a busy SQLite database does.</summary>
    private sealed class LockedStaging(int failures) : DbCommandInterceptor
    {
        private int _thrown;

        public int Thrown => _thrown;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains("staged_officer_scores", StringComparison.Ordinal)
                && Interlocked.Increment(ref _thrown) <= failures)
                throw new SqliteException("SQLite Error 5: 'database is locked'.", 5);
            if (_thrown > failures) _thrown = failures;
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
