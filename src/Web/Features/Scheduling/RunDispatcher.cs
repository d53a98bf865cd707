using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// Puts the work of a committed run on the job queue: one job per brigade part not done yet, or the finalisation when
/// none is left. Jobs are idempotent by the part's state, so a run dispatched twice only costs a look at its parts.
/// </summary>
public sealed class RunDispatcher(AssessmentDbContext db, IBackgroundJobClient jobs, JobStorage storage, ILogger<RunDispatcher> logger)
{
    public async Task DispatchAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var pending = await db.RunParts.AsNoTracking().Where(p => p.RunId == runId && p.Status != RunPartStatus.Done)
            .OrderBy(p => p.BrigadeCode).Select(p => p.BrigadeId).ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            Finalize(runId);
            return;
        }
        foreach (var brigadeId in pending)
            jobs.Enqueue<RunPartJob>(j => j.RunAsync(runId, brigadeId, 0, CancellationToken.None));
        logger.LogInformation("Run {Run}: {Pending} brigade parts queued", runId, pending.Count);
    }

    public void Finalize(Guid runId) => jobs.Enqueue<FinalizeRunJob>(j => j.RunAsync(runId, 0, CancellationToken.None));

    /// <summary>
    /// Runs left queued or running that have no job waiting, running or scheduled for them (the in-memory store forgets its
    /// jobs on a restart; a shared store keeps them, so a node joining a cluster adds nothing) are dispatched again.
    /// </summary>
    public async Task<int> ResumeUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        var unfinished = await db.EvaluationRuns.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running)
            .Select(r => r.Id).ToListAsync(cancellationToken);
        if (unfinished.Count == 0)
            return 0;
        var live = LiveJobs.FirstArguments(storage, typeof(RunPartJob), typeof(FinalizeRunJob));
        var resumed = 0;
        foreach (var runId in unfinished.Where(id => !live.Contains(id)))
        {
            logger.LogInformation("Run {Run} was left unfinished with no job for it; dispatching it again", runId);
            await DispatchAsync(runId, cancellationToken);
            resumed++;
        }
        return resumed;
    }
}

/// <summary>Jobs waiting, running or scheduled in the job store, for finding work that a restart left without a job.</summary>
public static class LiveJobs
{
    private const int Page = 500;

    /// <summary>The first argument (an id) of every live job of <paramref name="types"/>.</summary>
    public static HashSet<Guid> FirstArguments(JobStorage storage, params Type[] types)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var monitoring = storage.GetMonitoringApi();
        var ids = new HashSet<Guid>();
        void Add(Hangfire.Common.Job? job)
        {
            if (job is { Args.Count: > 0 } && types.Contains(job.Type) && job.Args[0] is Guid id)
                ids.Add(id);
        }
        foreach (var queue in JobQueues.All)
        {
            for (var from = 0; ; from += Page)
            {
                var list = monitoring.EnqueuedJobs(queue, from, Page);
                foreach (var entry in list)
                    Add(entry.Value?.Job);
                if (list.Count < Page)
                    break;
            }
        }
        for (var from = 0; ; from += Page)
        {
            var list = monitoring.ProcessingJobs(from, Page);
            foreach (var entry in list)
                Add(entry.Value?.Job);
            if (list.Count < Page)
                break;
        }
        for (var from = 0; ; from += Page)
        {
            var list = monitoring.ScheduledJobs(from, Page);
            foreach (var entry in list)
                Add(entry.Value?.Job);
            if (list.Count < Page)
                break;
        }
        return ids;
    }
}
