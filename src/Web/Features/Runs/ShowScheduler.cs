using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>The scheduler as this node sees it: the recurring jobs (times in the schedule's zone), the servers (one per node) and the queues.</summary>
[AllowedRoles(Role.Admin)]
public sealed record ShowScheduler : IRequest<SchedulerView>;

public sealed record SchedulerView(
    string InstanceId,
    JobStoreKind Store,
    bool Paused,
    string TimeZone,
    IReadOnlyList<ScheduledJobView> Jobs,
    IReadOnlyList<ClusterNodeView> Nodes,
    IReadOnlyDictionary<string, long> Queues);

public sealed record ScheduledJobView(string Id, string Job, string Cron, DateTimeOffset? NextFireTime, DateTimeOffset? PreviousFireTime, string? LastState, string? Error);

public sealed record ClusterNodeView(string InstanceId, DateTimeOffset? LastHeartbeat, int Workers, IReadOnlyList<string> Queues, bool ThisNode);

internal sealed class ShowSchedulerHandler(JobStorage storage, SchedulerControl control, IOptions<EvaluationScheduleOptions> options, IOptions<DatabaseOptions> database)
    : IRequestHandler<ShowScheduler, SchedulerView>
{
    public ValueTask<SchedulerView> Handle(ShowScheduler request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var zone = settings.Zone;
        using var connection = storage.GetConnection();
        var jobs = connection.GetRecurringJobs().OrderBy(j => j.Id, StringComparer.Ordinal)
            .Select(j => new ScheduledJobView(j.Id, j.Job is { } job ? $"{job.Type.Name}.{job.Method.Name}" : "?", j.Cron,
                Local(j.NextExecution, zone), Local(j.LastExecution, zone), j.LastJobState, j.Error))
            .ToList();
        var monitoring = storage.GetMonitoringApi();
        // Hangfire names a server "{ServerName}:{process}:{guid}".
        var nodes = monitoring.Servers().OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => new ClusterNodeView(s.Name, Local(s.Heartbeat, zone), s.WorkersCount, [.. s.Queues],
                s.Name.StartsWith(settings.NodeName + ":", StringComparison.Ordinal)))
            .ToList();
        var queues = JobQueues.All.ToDictionary(q => q, monitoring.EnqueuedCount);
        return ValueTask.FromResult(new SchedulerView(settings.NodeName, settings.StoreFor(database.Value.Provider), control.IsPaused, zone.Id, jobs, nodes, queues));
    }

    private static DateTimeOffset? Local(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } instant ? TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(instant, DateTimeKind.Utc)), zone) : null;
}
