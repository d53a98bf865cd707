using System.Net.Http.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.Scheduling;

/// <summary>A node that was down when the monthly job was due evaluates the finished month at start-up, once.</summary>
public class CatchUpOnSqliteTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Scheduling:Enabled"] = "true",
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

        await using var restarted = await TestApp.StartOnAsync(database, Settings, WallClock.Use);
        var admin = await restarted.AdminAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var runs = (await admin.GetFromJsonAsync<List<RunView>>("/api/runs", TestApp.Json))!;

        first.Status.Should().Be(RunStatus.Completed, first.Error);
        runs.Should().ContainSingle().Which.Id.Should().Be(first.Id);
    }

    /// <summary>The same SQLite file, left in place when the first app stops so that the second starts on it.</summary>
    private sealed class KeptDatabase(TestDatabase inner) : TestDatabase
    {
        public override Web.Persistence.DatabaseProvider Provider => inner.Provider;
        public override string ConnectionString => inner.ConnectionString;
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
