using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>The scheduler as this node sees it: jobs and triggers (times in the schedule's zone) and, clustered, the nodes.</summary>
[AllowedRoles(Role.Admin)]
public sealed record ShowScheduler : IRequest<SchedulerView>;

public sealed record SchedulerView(
    string Name,
    string InstanceId,
    JobStoreKind Store,
    bool Started,
    bool Standby,
    bool Paused,
    string TimeZone,
    IReadOnlyList<ScheduledJobView> Jobs,
    IReadOnlyList<ClusterNodeView> Nodes);

public sealed record ScheduledJobView(
    string Job,
    string Group,
    string? Description,
    string Trigger,
    string? Cron,
    TriggerState State,
    DateTimeOffset? NextFireTime,
    DateTimeOffset? PreviousFireTime,
    int RetryAttempt);

public sealed record ClusterNodeView(string InstanceId, DateTimeOffset LastCheckin, double CheckinIntervalSeconds, bool ThisNode);

internal sealed class ShowSchedulerHandler(ISchedulerFactory schedulers, AssessmentDbContext db, IOptions<EvaluationScheduleOptions> options, IOptions<DatabaseOptions> database)
    : IRequestHandler<ShowScheduler, SchedulerView>
{
    public async ValueTask<SchedulerView> Handle(ShowScheduler request, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var zone = options.Value.Zone;
        var store = options.Value.StoreFor(database.Value.Provider);
        var triggers = await scheduler.QueryTriggers(new TriggerQuery { Take = 1000 }, cancellationToken);
        var jobs = new List<ScheduledJobView>();
        foreach (var t in triggers.Items)
        {
            var cron = t.Key.Group == ScheduledEvaluationJob.Group && await scheduler.GetTrigger(t.Key, cancellationToken) is ICronTrigger c ? c.CronExpressionString : null;
            jobs.Add(new ScheduledJobView(t.JobKey.Name, t.JobKey.Group, t.Description, t.Key.ToString(), cron, t.State,
                Local(t.NextFireTimeUtc, zone), Local(t.PreviousFireTimeUtc, zone), t.RetryAttempt));
        }
        var evaluations = jobs.Where(j => j.Group == ScheduledEvaluationJob.Group).ToList();
        var nodes = store == JobStoreKind.Postgres ? await NodesAsync(scheduler, cancellationToken) : [];
        return new SchedulerView(scheduler.SchedulerName, scheduler.SchedulerInstanceId, store, scheduler.Status == SchedulerStatus.Running,
            scheduler.Status == SchedulerStatus.Standby, evaluations.Count > 0 && evaluations.All(j => j.State == TriggerState.Paused), zone.Id, jobs, nodes);
    }

    private static DateTimeOffset? Local(DateTimeOffset? instant, TimeZoneInfo zone) => instant is { } i ? TimeZoneInfo.ConvertTime(i, zone) : null;

    private async Task<IReadOnlyList<ClusterNodeView>> NodesAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<NodeRow>($"""
            SELECT instance_name AS "InstanceName", last_checkin_time AS "LastCheckin", checkin_interval AS "CheckinInterval"
            FROM qrtz_scheduler_state WHERE sched_name = {scheduler.SchedulerName} ORDER BY instance_name
            """).ToListAsync(cancellationToken);
        // Quartz stores check-ins as UTC ticks and the interval in milliseconds.
        return rows.ConvertAll(r => new ClusterNodeView(r.InstanceName, TimeZoneInfo.ConvertTime(new DateTimeOffset(r.LastCheckin, TimeSpan.Zero), options.Value.Zone),
            r.CheckinInterval / 1000.0, r.InstanceName == scheduler.SchedulerInstanceId));
    }

    private sealed record NodeRow(string InstanceName, long LastCheckin, long CheckinInterval);
}
