using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Web.Cli;
using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Scheduling;

/// <summary>
/// Two application processes sharing one throwaway PostgreSQL database and its Hangfire schema: a recurring occurrence
/// fires once across the cluster; a node killed (kill -9) in the middle of a part loses it to the other node within the
/// invisibility timeout plus one poll and the run completes once, with the results of a single-node run; a node frozen
/// (SIGSTOP) in the middle of a part and thawed after the other finished it writes nothing; two nodes started at once
/// on an empty database both come up.
/// </summary>
public class ClusterOnPostgresTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(90);

    /// <summary>Every 5 s: each occurrence must fire on one node only, and every one after the first finds the claimed run.</summary>
    private const string EveryFiveSeconds = "*/5 * * * * *";

    /// <summary>No occurrence in these tests: the evaluation is fired through the API.</summary>
    private const string NextYear = "0 2 1 1 *";

    /// <summary>Enough officers that a part takes a while, so that a node can be stopped in the middle of one.</summary>
    private static readonly DemoOptions Larger = EvaluationData.Small with { SquadsPerBrigade = 6, OfficersPerSquad = 25, AuxiliariesPerSquad = 10 };

    [Fact]
    public async Task A_recurring_evaluation_fires_once_per_occurrence_across_two_nodes_makes_one_run_and_a_rejoining_node_changes_nothing()
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
        var nodes = new[] { a, b, rejoined };
        var slots = await Eventually.FoundAsync(() =>
        {
            var fired = Occurrences(nodes, period);
            return Task.FromResult(fired.Distinct().Count() >= 4 ? fired : null);
        }, "four occurrences of the recurring evaluation");

        run.Status.Should().Be(RunStatus.Completed, run.Error + a.Log);
        await using var db = database.CreateContext();
        (await db.EvaluationRuns.CountAsync(r => r.Period == period)).Should().Be(1);
        var officers = await db.OfficerResults.Where(r => r.RunId == run.Id).Select(r => r.OfficerId).ToListAsync();
        officers.Should().OnlyHaveUniqueItems().And.HaveCount(EvaluationData.Small.OfficerCount);
        (await db.RunParts.Where(p => p.RunId == run.Id).ToListAsync()).Should().OnlyContain(p => p.Status == RunPartStatus.Done && (p.Node == "node-a" || p.Node == "node-b"));
        scheduler.Nodes.Select(n => n.InstanceId.Split(':')[0]).Should().Contain(["node-a", "node-b"]);
        slots.Should().OnlyHaveUniqueItems("each occurrence fires on one node of the cluster");
        scheduler.Jobs.Should().Contain(j => j.Id == "evaluation-monthly" && j.NextFireTime!.Value.Offset == TimeSpan.FromHours(8));

        (await ResultsHashAsync(database, run.Id)).Should().Be(await SingleNodeResultsHashAsync(EvaluationData.Small));
    }

    [Fact]
    public async Task A_node_killed_in_the_middle_of_a_part_loses_it_to_the_other_within_the_timeout_and_the_run_completes_once_as_on_one_node()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await EvaluationData.SeedAsync(database, Larger);
        var claim = EvaluationRun.ScheduledClaim(EvaluationData.LastMonth);
        await using var a = await ClusterNode.StartAsync("node-a", database, NextYear);
        await using var b = await ClusterNode.StartAsync("node-b", database, NextYear);
        (await (await a.SignInAsync()).PostAsync("/api/scheduler/trigger/monthly", null)).EnsureSuccessStatusCode();
        var interrupted = await WaitForPartRunningAsync(database, a, b);
        var victim = interrupted.Node == "node-a" ? a : b;
        var survivor = victim == a ? b : a;
        await using var check = database.CreateContext();
        var runningAtKill = await check.RunParts.AsNoTracking().Where(p => p.Status == RunPartStatus.Running && p.Node == victim.InstanceId).ToListAsync();
        var killedAt = Stopwatch.StartNew();
        victim.Kill();
        var takenOver = await Eventually.FoundAsync(async () =>
        {
            await using var db = database.CreateContext();
            return await db.RunParts.AsNoTracking().SingleAsync(p => p.RunId == interrupted.RunId && p.BrigadeId == interrupted.BrigadeId) is { Node: var node } part && node == survivor.InstanceId ? part : null;
        }, $"{survivor.InstanceId} to take brigade {interrupted.BrigadeCode} over", Bounded);
        var failover = killedAt.Elapsed;
        var run = await WaitForRunAsync(database, claim, a, b);

        run.Status.Should().Be(RunStatus.Completed, run.Error + survivor.Log);
        takenOver.Attempts.Should().BeGreaterThanOrEqualTo(2);
        // The other node may have started its own parts just before; allow it one more poll to see the part reappear.
        failover.Should().BeLessThan(ClusterNode.InvisibilityTimeout + ClusterNode.QueuePollInterval + TimeSpan.FromSeconds(5), $"the timeout is {ClusterNode.InvisibilityTimeout}");
        runningAtKill.Should().NotBeEmpty();
        var parts = await check.RunParts.AsNoTracking().Where(p => p.RunId == run.Id).ToListAsync();
        foreach (var part in runningAtKill)
            parts.Single(p => p.BrigadeId == part.BrigadeId).Should().Match<RunPart>(p => p.Status == RunPartStatus.Done && p.Node == survivor.InstanceId && p.Attempts >= 2);
        (await check.EvaluationRuns.CountAsync(r => r.Period == EvaluationData.LastMonth)).Should().Be(1);
        (await check.StagedOfficerScores.CountAsync()).Should().Be(0);
        (await check.StagedSquadScores.CountAsync()).Should().Be(0);
        (await ResultsHashAsync(database, run.Id)).Should().Be(await SingleNodeResultsHashAsync(Larger));
        Console.WriteLine($"[fail-over] kill -9 → part taken over after {failover.TotalSeconds:F1} s (InvisibilityTimeout {ClusterNode.InvisibilityTimeout.TotalSeconds} s, QueuePollInterval {ClusterNode.QueuePollInterval.TotalSeconds} s)");
    }

    [Fact]
    public async Task A_node_frozen_in_the_middle_of_a_part_and_thawed_after_the_other_finished_the_run_writes_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await EvaluationData.SeedAsync(database, Larger);
        var claim = EvaluationRun.ScheduledClaim(EvaluationData.LastMonth);
        await using var a = await ClusterNode.StartAsync("node-a", database, NextYear);
        await using var b = await ClusterNode.StartAsync("node-b", database, NextYear);
        (await (await a.SignInAsync()).PostAsync("/api/scheduler/trigger/monthly", null)).EnsureSuccessStatusCode();
        var interrupted = await WaitForPartRunningAsync(database, a, b);
        var frozen = interrupted.Node == "node-a" ? a : b;
        var other = frozen == a ? b : a;
        frozen.Stop();
        var run = await WaitForRunAsync(database, claim, a, b);
        var before = await SnapshotAsync(database, run.Id);

        frozen.Continue();
        // Thawed, the attempt either reaches its write and finds the part taken over, or Hangfire aborts it first.
        await frozen.WaitForLineAsync(Bounded, "this attempt writes nothing", "was cancelled before it wrote");
        var after = await SnapshotAsync(database, run.Id);

        run.Status.Should().Be(RunStatus.Completed, run.Error + other.Log);
        before.Parts.Single(p => p.StartsWith(interrupted.BrigadeCode + " ", StringComparison.Ordinal)).Should().Contain(other.InstanceId, "the other node took the part over");
        after.Should().BeEquivalentTo(before, "the thawed attempt writes nothing: no staged rows, no part timings, no results");
        after.Staged.Should().Be(0);
        after.Status.Should().Be(RunStatus.Completed);
    }

    [Fact]
    public async Task Two_nodes_started_at_once_on_an_empty_database_both_come_up_with_one_set_of_schemes_and_one_administrator()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();

        var starting = new[] { ClusterNode.StartAsync("node-a", database, NextYear), ClusterNode.StartAsync("node-b", database, NextYear) };
        await using var a = await starting[0];
        await using var b = await starting[1];
        var signedIn = await Task.WhenAll(a.SignInAsync(), b.SignInAsync());
        var health = await Task.WhenAll(signedIn.Select(c => c.GetAsync("/health")));

        health.Should().OnlyContain(h => h.IsSuccessStatusCode);
        await using var db = database.CreateContext();
        (await db.Set<UserAccount>().CountAsync()).Should().Be(1);
        var versions = await db.RuleSetVersions.Select(v => new { v.SchemeName, v.Number }).ToListAsync();
        versions.Should().NotBeEmpty().And.OnlyHaveUniqueItems();
        versions.Should().OnlyContain(v => v.Number == 1);
    }

    private static List<string> Occurrences(IEnumerable<ClusterNode> nodes, Domain.Periods.AssessmentPeriod period) =>
        nodes.SelectMany(n => n.Lines).Where(l => l.Contains($"Evaluation of {period} fired for", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(" fired for ", StringComparison.Ordinal) + 11)..l.IndexOf(" on ", StringComparison.Ordinal)]).ToList();

    private sealed record Snapshot(RunStatus Status, IReadOnlyList<string> Parts, int Staged, string Results);

    private static async Task<Snapshot> SnapshotAsync(TestDatabase database, Guid runId)
    {
        await using var db = database.CreateContext();
        var run = await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
        var parts = (await db.RunParts.AsNoTracking().Where(p => p.RunId == runId).OrderBy(p => p.BrigadeCode).ToListAsync())
            .ConvertAll(p => $"{p.BrigadeCode} {p.Status} {p.Node} x{p.Attempts} {p.StartedAt:O} {p.FinishedAt:O} {p.LoadSeconds} {p.ScoreSeconds} {p.StoreSeconds} {p.AttemptToken}");
        var staged = await db.StagedOfficerScores.CountAsync() + await db.StagedSquadScores.CountAsync();
        return new Snapshot(run.Status, parts, staged, await ResultsHashAsync(database, runId));
    }

    private static Task<EvaluationRun> WaitForRunAsync(TestDatabase database, string claim, params ClusterNode[] nodes) =>
        Eventually.FoundAsync(
            async () =>
            {
                await using var db = database.CreateContext();
                return await db.EvaluationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.ClaimKey == claim) is { Status: RunStatus.Completed or RunStatus.Failed } run ? run : null;
            },
            $"a finished run claimed {claim}", Bounded, () => NodeLogs(nodes));

    private static Task<RunPart> WaitForPartRunningAsync(TestDatabase database, params ClusterNode[] nodes) =>
        Eventually.FoundAsync(
            async () =>
            {
                await using var db = database.CreateContext();
                return await db.RunParts.AsNoTracking().FirstOrDefaultAsync(p => p.Status == RunPartStatus.Running);
            },
            "a part to start", Bounded, () => NodeLogs(nodes));

    private static string NodeLogs(ClusterNode[] nodes) => "\n" + string.Join("\n---\n", nodes.Select(n => n.InstanceId + "\n" + n.Log));

    /// <summary>SHA-256 over the run's officer and squad results as JSON rows without their own ids, run id and timestamps.</summary>
    private static async Task<string> ResultsHashAsync(TestDatabase database, Guid runId)
    {
        await using var db = database.CreateContext();
        var officers = await db.Database.SqlQuery<string>($"""
            SELECT ((to_jsonb(r) - 'id' - 'run_id' - 'created_at')::text) AS "Value" FROM officer_results r WHERE r.run_id = {runId} ORDER BY r.officer_id
            """).ToListAsync();
        var squads = await db.Database.SqlQuery<string>($"""
            SELECT ((to_jsonb(r) - 'id' - 'run_id' - 'created_at')::text) AS "Value" FROM squad_results r WHERE r.run_id = {runId} ORDER BY r.squad_id
            """).ToListAsync();
        officers.Should().NotBeEmpty();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', officers.Concat(squads)))));
    }

    private static async Task<string> SingleNodeResultsHashAsync(DemoOptions data)
    {
        await using var single = await PostgresTestDatabase.CreateAsync();
        await EvaluationData.SeedAsync(single, data);
        var exit = await CommandLine.TryRunAsync(["evaluate", "--period", EvaluationData.LastMonth.Key, "--provider", "postgres", "--connection", single.ConnectionString]);
        exit.Should().Be(0);
        await using var db = single.CreateContext();
        var runId = await db.EvaluationRuns.Select(r => r.Id).SingleAsync();
        return await ResultsHashAsync(single, runId);
    }
}
