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
/// are spent, the run fails with the error in the API.
/// </summary>
public class RetriesOnSqliteTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Scheduling:Enabled"] = "true",
        ["Scheduling:CatchUpMonths"] = "0",
        ["Scheduling:RetryAttempts"] = "3",
        ["Scheduling:RetryDelay"] = "00:00:00.300",
        ["Scheduling:RetryBackoffFactor"] = "2",
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
        var detail = await inspector.WaitForRunAsync(run.Id);
        var listed = (await inspector.GetFromJsonAsync<List<RunView>>("/api/runs", TestApp.Json))!.Single(r => r.Id == run.Id);

        detail.Run.Status.Should().Be(RunStatus.Failed);
        detail.Run.Error.Should().Contain("database is locked").And.Contain("attempt 4");
        detail.Parts.Should().Contain(p => p.Status == RunPartStatus.Failed && p.Attempts == 4 && p.Error!.Contains("database is locked"));
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
