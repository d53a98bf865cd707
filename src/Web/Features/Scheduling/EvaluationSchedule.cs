using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Connectors;
using AssessmentEngine.Web.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// At start-up, under the migrator's lock: declares the recurring evaluations and connector pulls from configuration
/// (Hangfire keeps an unchanged one as it is, so a node joining the cluster resets nothing), dispatches runs left
/// unfinished with no job for them (evaluation runs and dry runs), then queues the explicit catch-up of finished months that have no completed run
/// (an occurrence missed while every node was down).
/// </summary>
internal sealed class EvaluationSchedule(
    AssessmentDbContext db,
    IRecurringJobManager recurring,
    IBackgroundJobClient jobs,
    RunDispatcher dispatcher,
    JobStorage storage,
    TimeProvider clock,
    IOptions<EvaluationScheduleOptions> options,
    IOptions<ConnectorOptions> connectors,
    IOptions<RuleSets.DryRunRetentionOptions> retention,
    ILogger<EvaluationSchedule> logger)
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        Declare(ScheduledEvaluationJob.Monthly, settings.Monthly, settings.Zone);
        Declare(ScheduledEvaluationJob.Quarterly, settings.Quarterly, settings.Zone);
        foreach (var (name, connector) in connectors.Value.Connectors)
            DeclarePull(name, connector, settings.Zone);
        DeclareDryRunCleanup(retention.Value.Cleanup, settings.Zone);
        await dispatcher.ResumeUnfinishedAsync(cancellationToken);
        if (await RuleSets.DryRunJob.ResumeUnfinishedAsync(db, jobs, storage, cancellationToken) is > 0 and var dryRuns)
            logger.LogInformation("{DryRuns} dry runs were left unfinished with no job for them; queued again", dryRuns);
        if (!string.IsNullOrWhiteSpace(settings.Monthly))
            await CatchUpAsync(settings.CatchUpMonths, cancellationToken);
    }

    private void Declare(string job, string cron, TimeZoneInfo zone)
    {
        var id = ScheduledEvaluationJob.RecurringId(job);
        if (string.IsNullOrWhiteSpace(cron))
        {
            recurring.RemoveIfExists(id);
            return;
        }
        recurring.AddOrUpdate<ScheduledEvaluationJob>(id, j => j.RunAsync(job, null, 0, null, CancellationToken.None), cron,
            new RecurringJobOptions { TimeZone = zone, MisfireHandling = MisfireHandlingMode.Relaxed });
        logger.LogInformation("Scheduled the {Job} evaluation: {Cron} ({Zone})", job, cron, zone.Id);
    }

    private void DeclarePull(string name, ConnectorSettings connector, TimeZoneInfo zone)
    {
        var id = ConnectorPullJob.RecurringId(name);
        var cron = ConnectorPullJob.CronOf(connector);
        if (cron is null)
        {
            recurring.RemoveIfExists(id);
            return;
        }
        recurring.AddOrUpdate<ConnectorPullJob>(id, j => j.PullAsync(name, CancellationToken.None), cron,
            new RecurringJobOptions { TimeZone = zone, MisfireHandling = MisfireHandlingMode.Relaxed });
        logger.LogInformation("Scheduled connector {Connector}: {Cron} ({Zone})", name, cron, zone.Id);
    }

    private void DeclareDryRunCleanup(string cron, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            recurring.RemoveIfExists(RuleSets.DryRunCleanupJob.RecurringId);
            return;
        }
        recurring.AddOrUpdate<RuleSets.DryRunCleanupJob>(RuleSets.DryRunCleanupJob.RecurringId, j => j.RunAsync(CancellationToken.None), cron,
            new RecurringJobOptions { TimeZone = zone, MisfireHandling = MisfireHandlingMode.Relaxed });
        logger.LogInformation("Scheduled the dry-run clean-up: {Cron} ({Zone})", cron, zone.Id);
    }

    private async Task CatchUpAsync(int months, CancellationToken cancellationToken)
    {
        var month = AssessmentPeriod.MonthContaining(clock.GetUtcNow()).Previous;
        for (var i = 0; i < months; i++, month = month.Previous)
        {
            var period = month;
            if (await db.EvaluationRuns.AnyAsync(r => r.Period == period && r.Status == RunStatus.Completed, cancellationToken))
                continue;
            logger.LogInformation("Catch-up: {Period} has no completed run; evaluating it", period);
            var key = period.Key;
            jobs.Enqueue<ScheduledEvaluationJob>(j => j.RunAsync(ScheduledEvaluationJob.Monthly, key, 0, null, CancellationToken.None));
        }
    }
}
