using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// At start-up: declares the monthly and quarterly triggers from configuration (a trigger already stored with the same
/// cron is left alone, so a node joining the cluster does not reset it), hands unfinished runs back to the scheduler
/// (the in-memory store forgets its jobs on a restart; in a cluster the jobs are there and nothing is added), then queues
/// the catch-up of finished months that have no completed run.
/// </summary>
internal sealed class EvaluationSchedule(
    ISchedulerFactory schedulers,
    IServiceScopeFactory scopes,
    RunJobs runJobs,
    TimeProvider clock,
    IOptions<EvaluationScheduleOptions> options,
    ILogger<EvaluationSchedule> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var settings = options.Value;
        await DeclareAsync(scheduler, ScheduledEvaluationJob.Monthly, settings.Monthly, settings.Zone, cancellationToken);
        await DeclareAsync(scheduler, ScheduledEvaluationJob.Quarterly, settings.Quarterly, settings.Zone, cancellationToken);
        await ResumeUnfinishedAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(settings.Monthly))
            await CatchUpAsync(scheduler, settings.CatchUpMonths, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static TriggerKey TriggerOf(JobKey job) => new(job.Name, job.Group);

    private async Task DeclareAsync(IScheduler scheduler, JobKey key, string cron, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var triggerKey = TriggerOf(key);
        if (string.IsNullOrWhiteSpace(cron))
        {
            await scheduler.DeleteJob(key, cancellationToken);
            return;
        }
        if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ICronTrigger stored
            && stored.CronExpressionString == cron && stored.TimeZone.Id == zone.Id)
            return;

        var job = JobBuilder.Create<ScheduledEvaluationJob>().WithIdentity(key).StoreDurably().RequestRecovery()
            .WithDescription($"Evaluates the {key.Name} period before the fire time").Build();
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider).WithIdentity(triggerKey).ForJob(key)
            .WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .WithRetryPolicy(runJobs.Retries)
            .Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
        var next = (await scheduler.GetTrigger(triggerKey, cancellationToken))?.NextFireTimeUtc;
        logger.LogInformation("Scheduled the {Job} evaluation: {Cron} ({Zone}), next at {Next:u}", key.Name, cron, zone.Id, next);
    }

    private async Task ResumeUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        var evaluations = scope.ServiceProvider.GetRequiredService<Evaluations.EvaluationService>();
        var unfinished = await db.EvaluationRuns.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running)
            .Select(r => r.Id).ToListAsync(cancellationToken);
        foreach (var runId in unfinished)
            await runJobs.DispatchAsync(runId, await evaluations.PartsAsync(runId, cancellationToken), cancellationToken);
    }

    private async Task CatchUpAsync(IScheduler scheduler, int months, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        var month = AssessmentPeriod.MonthContaining(clock.GetUtcNow()).Previous;
        for (var i = 0; i < months; i++, month = month.Previous)
        {
            var period = month;
            if (await db.EvaluationRuns.AnyAsync(r => r.Period == period && r.Status == RunStatus.Completed, cancellationToken))
                continue;
            logger.LogInformation("Catch-up: {Period} has no completed run; evaluating it", period);
            await scheduler.TriggerJob(ScheduledEvaluationJob.Monthly, new JobDataMap { [ScheduledEvaluationJob.PeriodKey] = period.Key }, cancellationToken);
        }
    }
}
