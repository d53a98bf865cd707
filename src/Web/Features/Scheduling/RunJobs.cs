using AssessmentEngine.Web.Features.Evaluations;
using Microsoft.Extensions.Options;
using Quartz;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// Puts the work of a run on the scheduler: one job per brigade part, then one finalisation. Job keys are derived from
/// the run and the brigade, so dispatching the same run twice (a duplicated fire, two nodes, a catch-up) adds nothing.
/// </summary>
public sealed class RunJobs(ISchedulerFactory schedulers, IOptions<EvaluationScheduleOptions> options, ILogger<RunJobs> logger)
{
    public const string PartGroup = "run-parts";
    public const string FinalizeGroup = "run-finalize";
    public const string RunIdKey = "runId";
    public const string BrigadeIdKey = "brigadeId";

    public static JobKey PartKey(Guid runId, long brigadeId) => new($"{runId:N}.{brigadeId}", PartGroup);

    public static JobKey FinalizeKey(Guid runId) => new($"{runId:N}", FinalizeGroup);

    /// <summary>A failed part or finalisation is tried again after 10 s, 30 s, 90 s … (see <see cref="EvaluationScheduleOptions"/>).</summary>
    public RetryPolicy Retries => options.Value.RetryAttempts < 1
        ? RetryPolicy.None
        : RetryPolicy.Exponential(options.Value.RetryAttempts, options.Value.RetryDelay, Math.Max(1, options.Value.RetryBackoffFactor), maxDelay: null);

    /// <summary>Schedules a job for every part not done yet, or the finalisation when none is left.</summary>
    public async Task DispatchAsync(Guid runId, IReadOnlyList<RunPart> parts, CancellationToken cancellationToken = default)
    {
        var pending = parts.Where(p => p.Status != RunPartStatus.Done).ToList();
        if (pending.Count == 0)
        {
            await FinalizeAsync(runId, cancellationToken);
            return;
        }
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var added = 0;
        foreach (var part in pending)
        {
            var job = JobBuilder.Create<RunPartJob>()
                .WithIdentity(PartKey(runId, part.BrigadeId))
                .WithDescription($"Run {runId}, brigade {part.BrigadeCode}")
                .UsingJobData(RunIdKey, runId.ToString())
                .UsingJobData(BrigadeIdKey, part.BrigadeId.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .RequestRecovery()
                .Build();
            if (await TryScheduleAsync(scheduler, job, cancellationToken))
                added++;
        }
        logger.LogInformation("Run {Run}: {Added} of {Pending} pending brigade parts put on the scheduler", runId, added, pending.Count);
    }

    /// <summary>Schedules the finalisation of a run; a second call (two parts finishing together) finds it there.</summary>
    public async Task FinalizeAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<FinalizeRunJob>()
            .WithIdentity(FinalizeKey(runId))
            .WithDescription($"Finalise run {runId}")
            .UsingJobData(RunIdKey, runId.ToString())
            .RequestRecovery()
            .Build();
        await TryScheduleAsync(scheduler, job, cancellationToken);
    }

    private async Task<bool> TryScheduleAsync(IScheduler scheduler, IJobDetail job, CancellationToken cancellationToken)
    {
        // "Now" on the scheduler's clock, which is the application's TimeProvider.
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(job.Key.Name, job.Key.Group)
            .ForJob(job)
            .StartNow()
            .WithRetryPolicy(Retries)
            .Build();
        try
        {
            await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
            return true;
        }
        catch (ObjectAlreadyExistsException)
        {
            return false;
        }
    }
}
