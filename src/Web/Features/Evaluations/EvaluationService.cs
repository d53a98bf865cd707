using System.Diagnostics;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// Evaluation runs in their stages (docs/design.md §4): queue a run with the scheme versions in force, evaluate it one
/// brigade part at a time (parts may run on different nodes), and finalise it once every part is done. Results become
/// visible in one transaction at the end; a run that fails or dies leaves only staging rows, which a retry replaces.
/// </summary>
public sealed class EvaluationService(
    AssessmentDbContext db,
    SchemeCatalog catalog,
    TimeProvider clock,
    IOptions<LinkedLiabilityOptions> liability,
    ILogger<EvaluationService> logger,
    ResultsChanged? changes = null,
    IOptions<EvaluationOptions>? evaluation = null)
{
    private readonly int _parallelParts = Math.Max(1, evaluation?.Value.ParallelParts ?? Environment.ProcessorCount);
    private readonly int _finalizeChunkRows = Math.Max(1, evaluation?.Value.FinalizeChunkRows ?? RunFinalizer.DefaultChunkRows);

    /// <summary>
    /// Creates the run of a finished period with the schemes in force, and one part per brigade. With a claim key
    /// (scheduled runs) a second call for the same key returns the run the first one created.
    /// </summary>
    public async Task<EvaluationRun> QueueAsync(AssessmentPeriod period, string? claimKey = null, Guid? supersedes = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        Periods.PeriodRequirements.RequireEnded(period, now);
        if (claimKey is not null && await db.EvaluationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.ClaimKey == claimKey, cancellationToken) is { } claimed)
            return claimed;

        var assessment = await Reviews.Assessments.OpenAsync(db, period, now, cancellationToken);
        assessment.EnsureOpenForRuns();
        var schemes = await catalog.InForceAsync(db, period, cancellationToken);
        var versions = schemes.All.Select(s => new SchemeVersion(s.Version.SchemeName, s.Version.Hash)).ToList();
        EvaluationRun run;
        if ((supersedes ?? assessment.CurrentRunId) is { } previousId)
        {
            var previous = await db.EvaluationRuns.SingleOrDefaultAsync(r => r.Id == previousId, cancellationToken)
                ?? throw new UnknownPeriodException("RunNotFound", $"Run {previousId} does not exist.", previousId);
            run = EvaluationRun.Rerun(previous, versions, now, now);
        }
        else
        {
            run = EvaluationRun.Queue(period, versions, now, now, claimKey, assessment.Id);
        }

        var loader = new FactLoader(db);
        var brigades = await loader.BrigadesAsync(cancellationToken);
        run.FixWatermarks(await WatermarksAsync(loader, cancellationToken));
        // A kind the schemes read with no fact at all in the period is flagged, so nobody publishes a month of empty data.
        var read = FactLists.ReadBy(schemes.All.Select(s => s.Version.Content));
        run.FlagMissingFacts(await loader.ListsWithoutFactsAsync(period, read, run.Watermarks, cancellationToken));
        db.EvaluationRuns.Add(run);
        db.RunParts.AddRange(brigades.Select(b => new RunPart { RunId = run.Id, BrigadeId = b.Id, BrigadeCode = b.Code }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (claimKey is not null)
        {
            // Another node claimed the same period between our check and our insert: theirs is the run.
            db.ChangeTracker.Clear();
            return await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.ClaimKey == claimKey, cancellationToken);
        }
        logger.LogInformation("Queued run {Run} of {Period} ({Claim}) with {Parts} brigade parts", run.Id, period, run.ClaimKey, brigades.Count);
        return run;
    }

    /// <summary>The highest fact ids, read once no ingestion batch is between taking ids and committing them (ADR 13).</summary>
    private async Task<List<FactWatermark>> WatermarksAsync(FactLoader loader, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            // Inside a command's transaction the lock is held until it commits: later batches wait a moment longer.
            await FactCutOffLock.TakeExclusiveAsync(db, cancellationToken);
            return await loader.WatermarksAsync(cancellationToken);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await FactCutOffLock.TakeExclusiveAsync(db, cancellationToken);
        var watermarks = await loader.WatermarksAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return watermarks;
    }

    public async Task<IReadOnlyList<RunPart>> PartsAsync(Guid runId, CancellationToken cancellationToken = default) =>
        await db.RunParts.AsNoTracking().Where(p => p.RunId == runId).OrderBy(p => p.BrigadeCode).ToListAsync(cancellationToken);

    /// <summary>
    /// Evaluates one brigade of a run and stages its scores, replacing what an earlier attempt staged. Returns true
    /// when every part of the run is done, i.e. the run is ready to be finalised. The attempt takes the part over with a
    /// fresh token and writes only while it still holds it: an attempt that resumes after another took the part over
    /// (a node stopped, then continued) writes nothing.
    /// </summary>
    public async Task<bool> RunPartAsync(Guid runId, long brigadeId, string node, CancellationToken cancellationToken = default)
    {
        var run = await db.EvaluationRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new UnknownPeriodException("RunNotFound", $"Run {runId} does not exist.", runId);
        // A finished run is never started again by one of its jobs: a failed run stays failed until someone reruns it.
        if (run.Status is RunStatus.Completed or RunStatus.Failed)
            return false;
        await StartRunAsync(run, node, cancellationToken);
        var token = Guid.NewGuid();
        var startedAt = clock.GetUtcNow();
        // Taking the part over is one conditional update: a part already done is left alone, whoever finished it.
        var taken = await db.RunParts.Where(p => p.RunId == runId && p.BrigadeId == brigadeId && p.Status != RunPartStatus.Done)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.Status, RunPartStatus.Running).SetProperty(x => x.Attempts, x => x.Attempts + 1)
                .SetProperty(x => x.Node, node).SetProperty(x => x.StartedAt, startedAt).SetProperty(x => x.Error, (string?)null)
                .SetProperty(x => x.AttemptToken, token), cancellationToken);
        if (taken == 0)
            return await AllPartsDoneAsync(runId, cancellationToken);
        var code = await db.RunParts.AsNoTracking().Where(p => p.RunId == runId && p.BrigadeId == brigadeId).Select(p => p.BrigadeCode).SingleAsync(cancellationToken);
        try
        {
            var (scores, factRows, loadSeconds) = await LoadAndScoreAsync(run, brigadeId, cancellationToken);
            var scoreSeconds = Math.Round(scores.ScoreSeconds, 3);

            var watch = Stopwatch.StartNew();
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                // The fence first: the row stays locked until commit, so a take-over waits for us or we find it and write nothing.
                var held = await db.RunParts.Where(p => p.RunId == runId && p.BrigadeId == brigadeId && p.AttemptToken == token && p.Status == RunPartStatus.Running)
                    .ExecuteUpdateAsync(p => p.SetProperty(x => x.Status, RunPartStatus.Done).SetProperty(x => x.Officers, scores.Officers.Count)
                        .SetProperty(x => x.FactRows, factRows).SetProperty(x => x.LoadSeconds, loadSeconds).SetProperty(x => x.ScoreSeconds, scoreSeconds), cancellationToken);
                if (held == 0)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    logger.LogWarning("Run {Run}: brigade {Brigade} was taken over by another attempt while {Node} scored it; this attempt writes nothing", runId, code, node);
                    return false;
                }
                await db.StagedOfficerScores.Where(s => s.RunId == runId && s.BrigadeId == brigadeId).ExecuteDeleteAsync(cancellationToken);
                await db.StagedSquadScores.Where(s => s.RunId == runId && s.BrigadeId == brigadeId).ExecuteDeleteAsync(cancellationToken);
                var bulk = new BulkInserter(db);
                await bulk.InsertAsync(scores.Officers, cancellationToken);
                await bulk.InsertAsync(scores.Squads, cancellationToken);
                var storeSeconds = Math.Round(watch.Elapsed.TotalSeconds, 3);
                var crossChecked = scores.CrossChecked;
                var disagreements = RunCrossCheck.Serialize(scores.Disagreements);
                await db.RunParts.Where(p => p.RunId == runId && p.BrigadeId == brigadeId)
                    .ExecuteUpdateAsync(p => p.SetProperty(x => x.FinishedAt, clock.GetUtcNow()).SetProperty(x => x.StoreSeconds, storeSeconds)
                        .SetProperty(x => x.CrossChecked, crossChecked).SetProperty(x => x.DisagreementsJson, disagreements), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            logger.LogInformation("Run {Run}: brigade {Brigade} scored {Officers} officers from {Rows} fact rows on {Node}", runId, code, scores.Officers.Count, factRows, node);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            var recorded = await db.RunParts.Where(p => p.RunId == runId && p.BrigadeId == brigadeId && p.AttemptToken == token)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.Status, RunPartStatus.Failed).SetProperty(x => x.Error, ex.Message).SetProperty(x => x.FinishedAt, clock.GetUtcNow()), CancellationToken.None);
            if (recorded == 0)
            {
                logger.LogWarning(ex, "Run {Run}: brigade {Brigade} failed on {Node} after another attempt took it over; the failure is not recorded", runId, code, node);
                return false;
            }
            throw;
        }
        return await AllPartsDoneAsync(runId, cancellationToken);
    }

    /// <summary>
    /// Loads and scores one brigade. A method of its own so that the brigade's facts are unreachable once it returns:
    /// only the staged scores are held while they are written (memory bounded by a brigade, not by the run).
    /// </summary>
    private async Task<(BrigadeScores Scores, long FactRows, double LoadSeconds)> LoadAndScoreAsync(EvaluationRun run, long brigadeId, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var schemes = await catalog.InForceAsync(db, run.Period, cancellationToken);
        var brigade = await db.Units.AsNoTracking().SingleAsync(u => u.Id == brigadeId, cancellationToken);
        var facts = await new FactLoader(db).LoadAsync(brigade, run.Period, run.Watermarks, cancellationToken);
        var loadSeconds = Math.Round(watch.Elapsed.TotalSeconds, 3);
        var scores = new BrigadeEvaluator(schemes, liability.Value).Evaluate(run.Id, facts, run.Period);
        return (scores, facts.RowCount, loadSeconds);
    }

    /// <summary>
    /// Ranks, squads and outcomes over the staged parts; stores the results and completes the run in one transaction.
    /// Does nothing for a run that is already complete, so a duplicated or recovered finalisation is harmless.
    /// </summary>
    public async Task<EvaluationRun> FinalizeAsync(Guid runId, string node, CancellationToken cancellationToken = default)
    {
        var run = await db.EvaluationRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new UnknownPeriodException("RunNotFound", $"Run {runId} does not exist.", runId);
        if (run.Status is RunStatus.Completed or RunStatus.Failed)
            return run;
        var parts = await PartsAsync(runId, cancellationToken);
        if (parts.Any(p => p.Status != RunPartStatus.Done))
            throw new InvalidOperationException($"Run {runId} cannot be finalised: {parts.Count(p => p.Status != RunPartStatus.Done)} of {parts.Count} brigade parts are not done.");
        await StartRunAsync(run, node, cancellationToken);

        var schemes = await catalog.InForceAsync(db, run.Period, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var bulk = new BulkInserter(db);
        // Officer results are stored chunk by chunk as the finaliser builds them, inside the one transaction that completes
        // the run; their lines and subtotals go from the staged rows to the results inside the database (ADR 38).
        var transfer = new StagedResultsTransfer(db);
        await transfer.BeginAsync(cancellationToken);
        var final = await new RunFinalizer(db, _finalizeChunkRows).StreamAsync(run, schemes, (results, token) => transfer.StoreAsync(runId, results, token), cancellationToken);
        var watch = Stopwatch.StartNew();
        await transfer.EndAsync(cancellationToken);
        await bulk.InsertAsync(final.Squads, cancellationToken);
        await db.StagedOfficerScores.Where(s => s.RunId == runId).ExecuteDeleteAsync(cancellationToken);
        await db.StagedSquadScores.Where(s => s.RunId == runId).ExecuteDeleteAsync(cancellationToken);
        var versionIds = schemes.All.Select(s => s.Version.Id).ToList();
        foreach (var version in await db.RuleSetVersions.Where(v => versionIds.Contains(v.Id)).ToListAsync(cancellationToken))
            version.MarkUsed(run.Period);
        var stages = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["load"] = Math.Round(parts.Sum(p => p.LoadSeconds), 3),
            ["score"] = Math.Round(parts.Sum(p => p.ScoreSeconds), 3),
            ["stage"] = Math.Round(parts.Sum(p => p.StoreSeconds), 3),
            ["rank"] = Math.Round(final.RankSeconds, 3),
            ["outcomes"] = Math.Round(final.OutcomeSeconds, 3),
            ["store"] = Math.Round(final.StoreSeconds + watch.Elapsed.TotalSeconds, 3),
        };
        run.Complete(clock.GetUtcNow(), new RunStatistics(
            final.Officers,
            final.Auxiliaries,
            final.Squads.Count,
            parts.Sum(p => p.FactRows),
            final.Proposals.Count,
            stages));
        var outcomes = await AdoptAsync(run, final.Proposals, cancellationToken);
        await bulk.InsertAsync(outcomes.Added, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another finalisation completed the run (or a failure ended it) first: ours is rolled back whole.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == runId, CancellationToken.None);
        }
        await transaction.CommitAsync(cancellationToken);
        changes?.Raise();
        logger.LogInformation(
            "Run {Run} of {Period} completed: {Officers} officers, {Squads} squads, {Outcomes} proposed outcomes ({Added} new, {Carried} carried, {Restored} restored, {Withdrawn} withdrawn)",
            run.Id, run.Period, final.Officers + final.Auxiliaries, final.Squads.Count, final.Proposals.Count, outcomes.Added.Count, outcomes.Carried, outcomes.Restored, outcomes.Withdrawn);
        return run;
    }

    /// <summary>
    /// Makes the completed run the current run of its assessment and matches its proposals with the outcomes the
    /// assessment holds (decisions carried, new ones pending, the rest withdrawn). A run queued before the current one
    /// that finishes late stays history: its proposals touch nothing.
    /// </summary>
    private async Task<ReconciledOutcomes> AdoptAsync(EvaluationRun run, IReadOnlyList<ProposedOutcome> proposals, CancellationToken cancellationToken)
    {
        var assessment = await db.PeriodAssessments.SingleAsync(a => a.Id == run.AssessmentId, cancellationToken);
        var current = assessment.CurrentRunId is { } currentId ? await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == currentId, cancellationToken) : null;
        if (!assessment.Adopt(run, current))
            return new ReconciledOutcomes([], 0, 0, 0);
        var existing = await db.Outcomes.Where(o => o.AssessmentId == assessment.Id).ToListAsync(cancellationToken);
        return ProposalReconciliation.Apply(assessment, run.Id, proposals, existing, clock.GetUtcNow());
    }

    /// <summary>Marks a run failed after its retries are exhausted; its staged rows stay until a retry replaces them.</summary>
    public async Task FailAsync(Guid runId, string node, string error, CancellationToken cancellationToken = default)
    {
        var run = await db.EvaluationRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.Status is RunStatus.Completed or RunStatus.Failed)
            return;
        if (run.Status == RunStatus.Queued)
            run.Start(node, clock.GetUtcNow());
        run.Fail(error, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The run changed state meanwhile (completed, or failed by another job): it fails once or not at all.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Queues (or finds) a run and evaluates all of it in this process: the command line and single-node path.</summary>
    public async Task<EvaluationRun> EvaluateAsync(AssessmentPeriod period, string node, string? claimKey = null, CancellationToken cancellationToken = default)
    {
        var run = await QueueAsync(period, claimKey, cancellationToken: cancellationToken);
        return await CompleteAsync(run.Id, node, cancellationToken);
    }

    /// <summary>
    /// Runs every part not yet done, up to Evaluation:ParallelParts at a time, each on a context of its own, then
    /// finalises. On SQLite the parts run one after the other: one writer at a time, and a test's in-memory database
    /// is one connection that contexts cannot share across threads.
    /// </summary>
    public async Task<EvaluationRun> CompleteAsync(Guid runId, string node, CancellationToken cancellationToken = default)
    {
        var pending = (await PartsAsync(runId, cancellationToken)).Where(p => p.Status != RunPartStatus.Done).Select(p => p.BrigadeId).ToList();
        if (_parallelParts == 1 || db.IsSqlite || pending.Count < 2)
        {
            foreach (var brigadeId in pending)
            {
                await RunPartAsync(runId, brigadeId, node, cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
        else
        {
            var options = (DbContextOptions<AssessmentDbContext>)db.GetService<IDbContextOptions>();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = _parallelParts, CancellationToken = cancellationToken }, async (brigadeId, token) =>
            {
                await using var partDb = new AssessmentDbContext(options);
                await new EvaluationService(partDb, catalog, clock, liability, logger, changes, evaluation).RunPartAsync(runId, brigadeId, node, token);
            });
            db.ChangeTracker.Clear();
        }
        return await FinalizeAsync(runId, node, cancellationToken);
    }

    private async Task StartRunAsync(EvaluationRun run, string node, CancellationToken cancellationToken)
    {
        if (run.Status != RunStatus.Queued)
            return;
        run.Start(node, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node's part started the run first; carry on with its state.
            db.ChangeTracker.Clear();
        }
    }

    private async Task<bool> AllPartsDoneAsync(Guid runId, CancellationToken cancellationToken) =>
        !await db.RunParts.AnyAsync(p => p.RunId == runId && p.Status != RunPartStatus.Done, cancellationToken);
}

/// <summary>Evaluation settings of a node (section Evaluation; linked liability has its own subsection).</summary>
public sealed class EvaluationOptions
{
    /// <summary>Brigade parts one node scores at the same time; each holds one brigade's facts in memory while it runs.</summary>
    public int ParallelParts { get; set; } = Environment.ProcessorCount;

    /// <summary>Staged officer rows finalisation reads, builds and stores at a time: its memory, whatever the size of the run.</summary>
    public int FinalizeChunkRows { get; set; } = RunFinalizer.DefaultChunkRows;
}
