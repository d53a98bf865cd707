using System.Diagnostics;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
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
    ILogger<EvaluationService> logger)
{
    /// <summary>
    /// Creates the run of a finished period with the schemes in force, and one part per brigade. With a claim key
    /// (scheduled runs) a second call for the same key returns the run the first one created.
    /// </summary>
    public async Task<EvaluationRun> QueueAsync(AssessmentPeriod period, string? claimKey = null, Guid? supersedes = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (period.EndInstant > now)
            throw new UnknownPeriodException($"{period} has not ended yet (it ends {period.EndInstant:yyyy-MM-dd HH:mm} Asia/Shanghai); only a finished period can be evaluated.");
        if (claimKey is not null && await db.EvaluationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.ClaimKey == claimKey, cancellationToken) is { } claimed)
            return claimed;

        var schemes = await catalog.InForceAsync(db, period, cancellationToken);
        var versions = schemes.All.Select(s => new SchemeVersion(s.Version.SchemeName, s.Version.Hash)).ToList();
        EvaluationRun run;
        if (supersedes is { } previousId)
        {
            var previous = await db.EvaluationRuns.SingleOrDefaultAsync(r => r.Id == previousId, cancellationToken)
                ?? throw new UnknownPeriodException($"Run {previousId} does not exist.");
            run = EvaluationRun.Rerun(previous, versions, now, now);
        }
        else
        {
            run = EvaluationRun.Queue(period, versions, now, now, claimKey);
        }

        var loader = new FactLoader(db);
        var brigades = await loader.BrigadesAsync(cancellationToken);
        run.FixWatermarks(await WatermarksAsync(loader, cancellationToken));
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
    /// when every part of the run is done, i.e. the run is ready to be finalised.
    /// </summary>
    public async Task<bool> RunPartAsync(Guid runId, long brigadeId, string node, CancellationToken cancellationToken = default)
    {
        var run = await db.EvaluationRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new UnknownPeriodException($"Run {runId} does not exist.");
        if (run.Status == RunStatus.Completed)
            return false;
        await StartRunAsync(run, node, cancellationToken);
        var part = await db.RunParts.SingleAsync(p => p.RunId == runId && p.BrigadeId == brigadeId, cancellationToken);
        if (part.Status == RunPartStatus.Done)
            return await AllPartsDoneAsync(runId, cancellationToken);

        part.Status = RunPartStatus.Running;
        part.Attempts++;
        part.Node = node;
        part.StartedAt = clock.GetUtcNow();
        part.Error = null;
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var watch = Stopwatch.StartNew();
            var schemes = await catalog.InForceAsync(db, run.Period, cancellationToken);
            var loader = new FactLoader(db);
            var brigade = await db.Units.AsNoTracking().SingleAsync(u => u.Id == brigadeId, cancellationToken);
            var facts = await loader.LoadAsync(brigade, run.Period, run.Watermarks, cancellationToken);
            var loadSeconds = watch.Elapsed.TotalSeconds;
            var scores = new BrigadeEvaluator(schemes, liability.Value).Evaluate(runId, facts, run.Period);

            watch.Restart();
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await db.StagedOfficerScores.Where(s => s.RunId == runId && s.BrigadeId == brigadeId).ExecuteDeleteAsync(cancellationToken);
                await db.StagedSquadScores.Where(s => s.RunId == runId && s.BrigadeId == brigadeId).ExecuteDeleteAsync(cancellationToken);
                var bulk = new BulkInserter(db);
                await bulk.InsertAsync(scores.Officers, cancellationToken);
                await bulk.InsertAsync(scores.Squads, cancellationToken);
                part.Status = RunPartStatus.Done;
                part.FinishedAt = clock.GetUtcNow();
                part.Officers = scores.Officers.Count;
                part.FactRows = facts.RowCount;
                part.LoadSeconds = Math.Round(loadSeconds, 3);
                part.ScoreSeconds = Math.Round(scores.ScoreSeconds, 3);
                part.StoreSeconds = Math.Round(watch.Elapsed.TotalSeconds, 3);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            logger.LogInformation("Run {Run}: brigade {Brigade} scored {Officers} officers from {Rows} fact rows on {Node}", runId, part.BrigadeCode, part.Officers, part.FactRows, node);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            await db.RunParts.Where(p => p.RunId == runId && p.BrigadeId == brigadeId)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.Status, RunPartStatus.Failed).SetProperty(x => x.Error, ex.Message).SetProperty(x => x.FinishedAt, clock.GetUtcNow()), CancellationToken.None);
            throw;
        }
        return await AllPartsDoneAsync(runId, cancellationToken);
    }

    /// <summary>
    /// Ranks, squads and outcomes over the staged parts; stores the results and completes the run in one transaction.
    /// Does nothing for a run that is already complete, so a duplicated or recovered finalisation is harmless.
    /// </summary>
    public async Task<EvaluationRun> FinalizeAsync(Guid runId, string node, CancellationToken cancellationToken = default)
    {
        var run = await db.EvaluationRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new UnknownPeriodException($"Run {runId} does not exist.");
        if (run.Status == RunStatus.Completed)
            return run;
        var parts = await PartsAsync(runId, cancellationToken);
        if (parts.Any(p => p.Status != RunPartStatus.Done))
            throw new InvalidOperationException($"Run {runId} cannot be finalised: {parts.Count(p => p.Status != RunPartStatus.Done)} of {parts.Count} brigade parts are not done.");
        await StartRunAsync(run, node, cancellationToken);

        var schemes = await catalog.InForceAsync(db, run.Period, cancellationToken);
        var final = await new RunFinalizer(db).ComputeAsync(run, schemes, clock.GetUtcNow(), cancellationToken);
        var watch = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var bulk = new BulkInserter(db);
        await bulk.InsertAsync(final.Officers, cancellationToken);
        await bulk.InsertAsync(final.Squads, cancellationToken);
        await bulk.InsertAsync(final.Outcomes, cancellationToken);
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
            ["store"] = Math.Round(watch.Elapsed.TotalSeconds, 3),
        };
        run.Complete(clock.GetUtcNow(), new RunStatistics(
            final.Officers.Count(o => o.Kind == Domain.Organization.PersonnelKind.Officer),
            final.Officers.Count(o => o.Kind == Domain.Organization.PersonnelKind.Auxiliary),
            final.Squads.Count,
            parts.Sum(p => p.FactRows),
            final.Outcomes.Count,
            stages));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Run {Run} of {Period} completed: {Officers} officers, {Squads} squads, {Outcomes} proposed outcomes", run.Id, run.Period, final.Officers.Count, final.Squads.Count, final.Outcomes.Count);
        return run;
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
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Queues (or finds) a run and evaluates all of it in this process: the command line and single-node path.</summary>
    public async Task<EvaluationRun> EvaluateAsync(AssessmentPeriod period, string node, string? claimKey = null, CancellationToken cancellationToken = default)
    {
        var run = await QueueAsync(period, claimKey, cancellationToken: cancellationToken);
        return await CompleteAsync(run.Id, node, cancellationToken);
    }

    /// <summary>Runs every part not yet done, then finalises.</summary>
    public async Task<EvaluationRun> CompleteAsync(Guid runId, string node, CancellationToken cancellationToken = default)
    {
        foreach (var part in await PartsAsync(runId, cancellationToken))
        {
            if (part.Status != RunPartStatus.Done)
                await RunPartAsync(runId, part.BrigadeId, node, cancellationToken);
            db.ChangeTracker.Clear();
        }
        return await FinalizeAsync(runId, node, cancellationToken);
    }

    private async Task StartRunAsync(EvaluationRun run, string node, CancellationToken cancellationToken)
    {
        if (run.Status is not (RunStatus.Queued or RunStatus.Failed))
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
