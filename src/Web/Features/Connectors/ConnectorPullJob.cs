using AssessmentEngine.Web.Features.Scheduling;
using Microsoft.Extensions.Options;
using Quartz;

namespace AssessmentEngine.Web.Features.Connectors;

/// <summary>One pull of one connector (the job's name). Never two at once for the same connector, in the whole cluster.</summary>
[DisallowConcurrentExecution]
public sealed class ConnectorPullJob(IServiceScopeFactory scopes) : IJob
{
    public const string Group = "connectors";

    public static JobKey KeyOf(string connector) => new(connector, Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var scope = scopes.CreateAsyncScope();
        var puller = scope.ServiceProvider.GetRequiredService<ConnectorPuller>();
        await puller.PullAsync(context.JobDetail.Key.Name, context.Scheduler.SchedulerInstanceId, cancellationToken);
    }
}

/// <summary>
/// At start-up: one durable job per configured connector (so that "pull now" works without a schedule), with its
/// interval or cron trigger; a trigger already stored with the same schedule is left alone.
/// </summary>
internal sealed class ConnectorSchedule(ISchedulerFactory schedulers, IOptions<ConnectorOptions> connectors, IOptions<EvaluationScheduleOptions> scheduling, ILogger<ConnectorSchedule> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var (name, settings) in connectors.Value.Connectors)
        {
            var key = ConnectorPullJob.KeyOf(name);
            var job = JobBuilder.Create<ConnectorPullJob>().WithIdentity(key).StoreDurably()
                .WithDescription($"Pulls {string.Join(", ", settings.Kinds)} from {settings.BaseUrl}").Build();
            await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
            var triggerKey = new TriggerKey(name, ConnectorPullJob.Group);
            var stored = await scheduler.GetTrigger(triggerKey, cancellationToken);
            ITrigger? trigger = null;
            if (!string.IsNullOrWhiteSpace(settings.Cron))
            {
                if (stored is ICronTrigger cron && cron.CronExpressionString == settings.Cron)
                    continue;
                trigger = TriggerBuilder.Create(scheduler.TimeProvider).WithIdentity(triggerKey).ForJob(key)
                    .WithCronSchedule(settings.Cron, c => c.InTimeZone(scheduling.Value.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build();
            }
            else if (settings.IntervalMinutes > 0)
            {
                if (stored is ISimpleTrigger simple && simple.RepeatInterval == TimeSpan.FromMinutes(settings.IntervalMinutes))
                    continue;
                trigger = TriggerBuilder.Create(scheduler.TimeProvider).WithIdentity(triggerKey).ForJob(key)
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(settings.IntervalMinutes)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                    .StartAt(scheduler.TimeProvider.GetUtcNow().AddMinutes(settings.IntervalMinutes)).Build();
            }
            if (stored is not null)
                await scheduler.UnscheduleJob(triggerKey, cancellationToken);
            if (trigger is null)
                continue;
            await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken);
            logger.LogInformation("Scheduled connector {Connector}: next pull at {Next:u}", name, (await scheduler.GetTrigger(triggerKey, cancellationToken))?.NextFireTimeUtc);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
