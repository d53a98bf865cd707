using System.Globalization;
using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// The monthly or quarterly evaluation: claims the run of the period before the occurrence (or the period given, for a
/// catch-up or "run now") and dispatches its unfinished parts. The claim makes a repeated occurrence, a catch-up and a
/// "run now" of the same period find the run the first one created.
/// </summary>
public sealed class ScheduledEvaluationJob(
    EvaluationService evaluations,
    RunDispatcher dispatcher,
    SchedulerControl control,
    IBackgroundJobClient jobs,
    TimeProvider clock,
    IOptions<EvaluationScheduleOptions> options,
    ILogger<ScheduledEvaluationJob> logger)
{
    public const string Monthly = "monthly";
    public const string Quarterly = "quarterly";

    public static string RecurringId(string job) => $"evaluation-{job}";

    [Queue(JobQueues.Evaluation)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Scheduled {0} evaluation {1}")]
    public async Task RunAsync(string job, string? period, int attempt, PerformContext? context, CancellationToken cancellationToken)
    {
        var evaluated = period is not null ? AssessmentPeriod.Parse(period, CultureInfo.InvariantCulture) : PeriodBefore(job, OccurrenceOf(context));
        logger.LogInformation("Evaluation of {Period} fired for {Slot:O} on {Node}", evaluated, OccurrenceOf(context), options.Value.NodeName);
        if (control.IsPaused)
        {
            control.NoteDue(job, evaluated.Key);
            logger.LogInformation("The scheduler is paused: the {Job} evaluation of {Period} waits for it to resume", job, evaluated);
            return;
        }
        EvaluationRun run;
        try
        {
            run = await evaluations.QueueAsync(evaluated, EvaluationRun.ScheduledClaim(evaluated), cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is UnknownPeriodException or DomainException)
        {
            logger.LogError(ex, "Scheduled evaluation of {Period} not queued", evaluated);
            return;
        }
        catch (Exception ex) when (TransientFailure.Is(ex) && attempt < options.Value.ScheduledRetries.Attempts)
        {
            var delay = options.Value.ScheduledRetries.DelayBefore(attempt + 1);
            logger.LogWarning(ex, "Scheduled evaluation of {Period}: attempt {Attempt} failed transiently; the next in {Delay}", evaluated, attempt + 1, delay);
            jobs.Schedule<ScheduledEvaluationJob>(j => j.RunAsync(job, evaluated.Key, attempt + 1, null, CancellationToken.None), delay);
            return;
        }
        if (run.Status is RunStatus.Completed or RunStatus.Failed)
        {
            logger.LogInformation("Scheduled evaluation of {Period}: run {Run} is already {Status}", evaluated, run.Id, run.Status);
            return;
        }
        await dispatcher.DispatchAsync(run.Id, cancellationToken);
    }

    /// <summary>The period a job evaluates when it comes due at <paramref name="occurrence"/>: the month, or quarter, before.</summary>
    public static AssessmentPeriod PeriodBefore(string job, DateTimeOffset occurrence)
    {
        var month = AssessmentPeriod.MonthContaining(occurrence);
        return job == Quarterly ? month.ContainingQuarter.Previous : month.Previous;
    }

    /// <summary>The occurrence a recurring job was created for (not when it ran): a late or recovered one evaluates the period it was meant for.</summary>
    private DateTimeOffset OccurrenceOf(PerformContext? context) =>
        context?.GetJobParameter<long?>("Time", allowStale: true) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : clock.GetUtcNow();
}
