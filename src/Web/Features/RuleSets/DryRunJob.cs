using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <summary>
/// Evaluates a queued dry run on whichever node takes the job, writing its progress after every brigade and its report
/// (or its error) at the end. A job delivered again after its node died starts the dry run over; a finished one is left
/// alone. While the scheduler is paused it waits, as brigade parts do.
/// </summary>
public sealed class DryRunJob(
    AssessmentDbContext db,
    DryRunEvaluation evaluation,
    IUnitHierarchy units,
    SchedulerControl control,
    IBackgroundJobClient jobs,
    TimeProvider clock,
    IOptions<EvaluationScheduleOptions> options,
    ILogger<DryRunJob> logger)
{
    [Queue(JobQueues.Evaluation)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Dry run {0}")]
    public async Task RunAsync(Guid dryRunId, CancellationToken cancellationToken)
    {
        var run = await db.DryRuns.AsNoTracking().SingleOrDefaultAsync(d => d.Id == dryRunId, cancellationToken);
        if (run is null || run.IsFinished)
            return;
        if (control.IsPaused)
        {
            // Paused for maintenance: a dry run reads as much as a run's brigade parts, and waits like them.
            jobs.Schedule<DryRunJob>(j => j.RunAsync(dryRunId, CancellationToken.None), options.Value.PausedRecheck);
            return;
        }
        var node = options.Value.NodeName;
        var startedAt = clock.GetUtcNow();
        await db.DryRuns.Where(d => d.Id == dryRunId).ExecuteUpdateAsync(d => d.SetProperty(x => x.Status, DryRunStatus.Running).SetProperty(x => x.Stage, DryRunStage.Scoring)
            .SetProperty(x => x.StartedAt, startedAt).SetProperty(x => x.Node, node).SetProperty(x => x.BrigadesDone, 0).SetProperty(x => x.SubjectsDone, 0), cancellationToken);
        try
        {
            var plan = await evaluation.PlanAsync(run.SchemeName, run.VersionNumber, run.Period, cancellationToken);
            var reachable = run.UnitId is { } unit ? await units.SubtreeAsync(unit, cancellationToken) : null;
            var report = await evaluation.EvaluateAsync(plan, reachable, (progress, token) => RecordAsync(dryRunId, progress, token), cancellationToken);
            var json = DryRunView.Serialize(report);
            var finishedAt = clock.GetUtcNow();
            await db.DryRuns.Where(d => d.Id == dryRunId).ExecuteUpdateAsync(d => d.SetProperty(x => x.Status, DryRunStatus.Completed).SetProperty(x => x.Stage, DryRunStage.Done)
                .SetProperty(x => x.FinishedAt, finishedAt).SetProperty(x => x.ReportJson, json), cancellationToken);
            logger.LogInformation("Dry run {DryRun} of {Scheme} v{Number} on {Period} completed on {Node}", dryRunId, run.SchemeName, run.VersionNumber, run.Period, node);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Dry run {DryRun} of {Scheme} v{Number} on {Period} failed on {Node}", dryRunId, run.SchemeName, run.VersionNumber, run.Period, node);
            db.ChangeTracker.Clear();
            var error = DryRunFailure.Write(dryRunId, ex);
            var finishedAt = clock.GetUtcNow();
            await db.DryRuns.Where(d => d.Id == dryRunId).ExecuteUpdateAsync(d => d.SetProperty(x => x.Status, DryRunStatus.Failed)
                .SetProperty(x => x.FinishedAt, finishedAt).SetProperty(x => x.Error, error), CancellationToken.None);
        }
    }

    private Task<int> RecordAsync(Guid dryRunId, DryRunProgress progress, CancellationToken cancellationToken) =>
        db.DryRuns.Where(d => d.Id == dryRunId).ExecuteUpdateAsync(d => d.SetProperty(x => x.Stage, progress.Stage)
            .SetProperty(x => x.BrigadesDone, progress.BrigadesDone).SetProperty(x => x.BrigadesTotal, progress.BrigadesTotal)
            .SetProperty(x => x.SubjectsDone, progress.SubjectsDone).SetProperty(x => x.SubjectsTotal, progress.SubjectsTotal), cancellationToken);

    /// <summary>
    /// Dry runs left queued or running with no job for them (the in-memory store forgets its jobs on a restart) are
    /// queued again, so none stays "running" for ever and blocks its version.
    /// </summary>
    public static async Task<int> ResumeUnfinishedAsync(AssessmentDbContext db, IBackgroundJobClient jobs, JobStorage storage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(jobs);
        var unfinished = await db.DryRuns.AsNoTracking().Where(d => d.Status == DryRunStatus.Queued || d.Status == DryRunStatus.Running).Select(d => d.Id).ToListAsync(cancellationToken);
        if (unfinished.Count == 0)
            return 0;
        var live = LiveJobs.FirstArguments(storage, typeof(DryRunJob));
        var resumed = unfinished.Where(id => !live.Contains(id)).ToList();
        foreach (var id in resumed)
            jobs.Enqueue<DryRunJob>(j => j.RunAsync(id, CancellationToken.None));
        return resumed.Count;
    }
}
