using AssessmentEngine.Web.Features.Scheduling;
using Hangfire;

namespace AssessmentEngine.Web.Features.Connectors;

/// <summary>
/// One pull of one connector. Never two at once for the same connector in the whole cluster: the pull holds a lock
/// named after the connector in Hangfire's storage; a second pull waits for it.
/// </summary>
public sealed class ConnectorPullJob(ConnectorPuller puller, JobStorage storage, IServiceProvider services)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromHours(1);

    public static string RecurringId(string connector) => $"connector-{connector}";

    /// <summary>The connector's schedule as cron: its own cron, or every <see cref="ConnectorSettings.IntervalMinutes"/> (from the top of the hour); null: on demand only.</summary>
    public static string? CronOf(ConnectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrWhiteSpace(settings.Cron))
            return settings.Cron;
        return settings.IntervalMinutes switch
        {
            <= 0 => null,
            < 60 => $"*/{settings.IntervalMinutes} * * * *",
            _ => $"0 */{Math.Max(1, settings.IntervalMinutes / 60)} * * *",
        };
    }

    [Queue(JobQueues.Connectors)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Pull connector {0}")]
    public async Task PullAsync(string connector, CancellationToken cancellationToken)
    {
        using var connection = storage.GetConnection();
        using var held = connection.AcquireDistributedLock($"ae:connector:{connector}", LockWait);
        await puller.PullAsync(connector, services.Settings().NodeName, cancellationToken);
    }
}
