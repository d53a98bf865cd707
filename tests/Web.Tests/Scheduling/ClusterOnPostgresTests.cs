using System.Net.Http.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Web.Cli;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Scheduling;

/// <summary>
/// Two application processes sharing one throwaway PostgreSQL database and a clustered Quartz store: a scheduled
/// evaluation fires once across the cluster, a node joining later does not fire it again, a node killed in the middle
/// of a part is recovered by the other, and the results equal a single-node evaluation of the same data.
/// </summary>
public class ClusterOnPostgresTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(75);

    /// <summary>Every 5 s: each slot must fire on one node only, and every slot after the first finds the claimed run.</summary>
    private const string EveryFiveSeconds = "0/5 * * * * ?";

    /// <summary>No slot in these tests: the evaluation is fired through the API.</summary>
    private const string NextYear = "0 0 2 1 1 ?";

    [Fact]
    public async Task A_scheduled_evaluation_fires_once_per_slot_across_two_nodes_makes_one_run_and_a_rejoining_node_changes_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await EvaluationData.SeedAsync(database);
        var period = EvaluationData.LastMonth;
        var claim = EvaluationRun.ScheduledClaim(period);

        var starting = new[] { ClusterNode.StartAsync("node-a", database, EveryFiveSeconds), ClusterNode.StartAsync("node-b", database, EveryFiveSeconds) };
        await using var a = await starting[0];
        await using var b = await starting[1];
        var run = await WaitForRunAsync(database, claim, a, b);
        b.Kill();
        await using var rejoined = await ClusterNode.StartAsync("node-b", database, EveryFiveSeconds);
        var scheduler = (await (await a.SignInAsync()).GetFromJsonAsync<SchedulerView>("/api/scheduler", TestApp.Json))!;
        await Task.Delay(TimeSpan.FromSeconds(11));
        var slots = new[] { a, b, rejoined }.SelectMany(n => n.Lines).Where(l => l.Contains($"Evaluation of {period} fired for", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(" fired for ", StringComparison.Ordinal) + 11)..l.IndexOf(" on ", StringComparison.Ordinal)]).ToList();

        run.Status.Should().Be(RunStatus.Completed, run.Error + a.Log);
        await using var db = database.CreateContext();
        (await db.EvaluationRuns.CountAsync(r => r.Period == period)).Should().Be(1);
        var officers = await db.OfficerResults.Where(r => r.RunId == run.Id).Select(r => r.OfficerId).ToListAsync();
        officers.Should().OnlyHaveUniqueItems().And.HaveCount(EvaluationData.Small.OfficerCount);
        (await db.RunParts.Where(p => p.RunId == run.Id).ToListAsync()).Should().OnlyContain(p => p.Status == RunPartStatus.Done && (p.Node == "node-a" || p.Node == "node-b"));
        scheduler.Nodes.Select(n => n.InstanceId).Should().Contain(["node-a", "node-b"]);
        slots.Should().HaveCountGreaterThan(2).And.OnlyHaveUniqueItems("each slot fires on one node of the cluster");
        scheduler.Jobs.Should().Contain(j => j.Job == "monthly" && j.NextFireTime!.Value.Offset == TimeSpan.FromHours(8));

        (await OfficerResultsAsync(database, run.Id)).Should().Equal(await SingleNodeResultsAsync(EvaluationData.Small));
    }

    [Fact]
    public async Task A_node_killed_in_the_middle_of_a_part_is_recovered_by_the_other_node_and_the_run_completes_once()
    {
        var larger = EvaluationData.Small with { SquadsPerBrigade = 6, OfficersPerSquad = 25, AuxiliariesPerSquad = 10 };
        await using var database = await PostgresTestDatabase.CreateAsync();
        await EvaluationData.SeedAsync(database, larger);
        var claim = EvaluationRun.ScheduledClaim(EvaluationData.LastMonth);
        await using var a = await ClusterNode.StartAsync("node-a", database, NextYear);
        (await (await a.SignInAsync()).PostAsync("/api/scheduler/trigger/monthly", null)).EnsureSuccessStatusCode();
        var interrupted = await WaitForPartRunningOnAsync(database, "node-a", a);
        a.Kill();
        await using var check = database.CreateContext();
        var runningAtKill = await check.RunParts.AsNoTracking().Where(p => p.Status == RunPartStatus.Running && p.Node == "node-a").ToListAsync();
        await using var b = await ClusterNode.StartAsync("node-b", database, NextYear);
        var run = await WaitForRunAsync(database, claim, a, b);

        run.Status.Should().Be(RunStatus.Completed, run.Error + b.Log);
        runningAtKill.Should().NotBeEmpty($"node-a was killed while scoring brigade {interrupted.BrigadeCode}");
        var parts = await check.RunParts.AsNoTracking().Where(p => p.RunId == run.Id).ToListAsync();
        foreach (var part in runningAtKill)
            parts.Single(p => p.BrigadeId == part.BrigadeId).Should().Match<RunPart>(p => p.Status == RunPartStatus.Done && p.Node == "node-b" && p.Attempts >= 2);
        (await check.EvaluationRuns.CountAsync(r => r.Period == EvaluationData.LastMonth)).Should().Be(1);
        var officers = await check.OfficerResults.Where(r => r.RunId == run.Id).Select(r => r.OfficerId).ToListAsync();
        officers.Should().OnlyHaveUniqueItems().And.HaveCount(larger.OfficerCount);
        (await check.StagedOfficerScores.CountAsync(s => s.RunId == run.Id)).Should().Be(0);
    }

    private static async Task<EvaluationRun> WaitForRunAsync(TestDatabase database, string claim, params ClusterNode[] nodes)
    {
        var until = DateTime.UtcNow + Bounded;
        while (DateTime.UtcNow < until)
        {
            await using var db = database.CreateContext();
            if (await db.EvaluationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.ClaimKey == claim) is { Status: RunStatus.Completed or RunStatus.Failed } run)
                return run;
            await Task.Delay(250);
        }
        throw new TimeoutException($"No finished run claimed {claim}:\n{string.Join("\n---\n", nodes.Select(n => n.InstanceId + "\n" + n.Log))}");
    }

    private static async Task<RunPart> WaitForPartRunningOnAsync(TestDatabase database, string node, ClusterNode process)
    {
        var until = DateTime.UtcNow + Bounded;
        while (DateTime.UtcNow < until)
        {
            await using var db = database.CreateContext();
            if (await db.RunParts.AsNoTracking().FirstOrDefaultAsync(p => p.Status == RunPartStatus.Running && p.Node == node) is { } part)
                return part;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No part started on {node}:\n{process.Log}");
    }

    /// <summary>The run's officer results as JSON rows without their own id, run id and timestamps, in officer order.</summary>
    private static async Task<List<string>> OfficerResultsAsync(TestDatabase database, Guid runId)
    {
        await using var db = database.CreateContext();
        return await db.Database.SqlQuery<string>($"""
            SELECT ((to_jsonb(r) - 'id' - 'run_id' - 'created_at')::text) AS "Value" FROM officer_results r WHERE r.run_id = {runId} ORDER BY r.officer_id
            """).ToListAsync();
    }

    private static async Task<List<string>> SingleNodeResultsAsync(DemoOptions data)
    {
        await using var single = await PostgresTestDatabase.CreateAsync();
        await EvaluationData.SeedAsync(single, data);
        var exit = await CommandLine.TryRunAsync(["evaluate", "--period", EvaluationData.LastMonth.Key, "--provider", "postgres", "--connection", single.ConnectionString]);
        exit.Should().Be(0);
        await using var db = single.CreateContext();
        var runId = await db.EvaluationRuns.Select(r => r.Id).SingleAsync();
        return await OfficerResultsAsync(single, runId);
    }
}
