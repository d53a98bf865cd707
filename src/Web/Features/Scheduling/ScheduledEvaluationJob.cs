using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using Quartz;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// The monthly or quarterly evaluation: claims the run of the period before the scheduled fire time (or of the period in
/// the job data, for a catch-up) and puts its unfinished parts on the scheduler. The claim makes a duplicated, misfired
/// or recovered fire find the run the first fire created.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScheduledEvaluationJob(IServiceScopeFactory scopes, RunJobs runJobs, ILogger<ScheduledEvaluationJob> logger) : IJob
{
    public const string Group = "evaluations";
    public const string PeriodKey = "period";
    public static readonly JobKey Monthly = new("monthly", Group);
    public static readonly JobKey Quarterly = new("quarterly", Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var period = PeriodOf(context);
        logger.LogInformation("Evaluation of {Period} fired for {Slot:O} on {Node}", period, context.ScheduledFireTimeUtc, context.Scheduler.SchedulerInstanceId);
        await using var scope = scopes.CreateAsyncScope();
        var evaluations = scope.ServiceProvider.GetRequiredService<EvaluationService>();
        EvaluationRun run;
        try
        {
            run = await evaluations.QueueAsync(period, EvaluationRun.ScheduledClaim(period), cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is UnknownPeriodException or DomainException)
        {
            logger.LogError(ex, "Scheduled evaluation of {Period} not queued", period);
            return;
        }
        if (run.Status is RunStatus.Completed or RunStatus.Failed)
        {
            logger.LogInformation("Scheduled evaluation of {Period}: run {Run} is already {Status}", period, run.Id, run.Status);
            return;
        }
        await runJobs.DispatchAsync(run.Id, await evaluations.PartsAsync(run.Id, cancellationToken), cancellationToken);
    }

    private static AssessmentPeriod PeriodOf(IJobExecutionContext context)
    {
        if (context.MergedJobDataMap.GetString(PeriodKey) is { Length: > 0 } explicitPeriod)
            return AssessmentPeriod.Parse(explicitPeriod, System.Globalization.CultureInfo.InvariantCulture);
        // The scheduled time, not the actual one: a misfire fired late, or a recovery, evaluates the period it was meant for.
        var month = AssessmentPeriod.MonthContaining(context.ScheduledFireTimeUtc ?? context.FireTimeUtc);
        return context.JobDetail.Key.Equals(Quarterly) ? month.ContainingQuarter.Previous : month.Previous;
    }
}
