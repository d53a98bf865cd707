using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>Hangfire's servers (every node is one) and its queues: healthy while at least one server has a recent heartbeat.</summary>
internal sealed class SchedulerHealthCheck(JobStorage storage, SchedulerControl control, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var now = clock.GetUtcNow().UtcDateTime;
            var servers = monitoring.Servers();
            var live = servers.Where(s => s.Heartbeat is { } beat && now - beat < Stale).ToList();
            var statistics = monitoring.GetStatistics();
            var data = new Dictionary<string, object>
            {
                ["servers"] = servers.Select(s => new { name = s.Name, workers = s.WorkersCount, queues = s.Queues, heartbeat = s.Heartbeat }).ToList(),
                ["queues"] = JobQueues.All.ToDictionary(q => q, q => monitoring.EnqueuedCount(q)),
                ["processing"] = statistics.Processing,
                ["scheduled"] = statistics.Scheduled,
                ["failed"] = statistics.Failed,
                ["recurring"] = statistics.Recurring,
                ["paused"] = control.IsPaused,
            };
            return Task.FromResult(live.Count > 0
                ? HealthCheckResult.Healthy($"{live.Count} Hangfire server(s) alive", data)
                : HealthCheckResult.Degraded("No Hangfire server has sent a heartbeat in the last minute", data: data));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Hangfire's storage is unreachable: {ex.Message}", ex));
        }
    }
}
