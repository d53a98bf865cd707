namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>Where Hangfire keeps its jobs: in the process (one node, SQLite) or in PostgreSQL, shared by every node.</summary>
public enum JobStoreKind
{
    Memory,
    Postgres,
}

/// <summary>Retries of one kind of job after a transient failure: how many, and the back-off between them.</summary>
public sealed class RetryPolicy
{
    /// <summary>Retries after the first attempt; 0: the first failure is final.</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>The wait before the first retry; each later wait is <see cref="BackoffFactor"/> times the one before (10 s, 30 s, 90 s …).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(10);

    public double BackoffFactor { get; set; } = 3;

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int retry) => Delay * Math.Pow(Math.Max(1, BackoffFactor), Math.Max(0, retry - 1));
}

/// <summary>The "Scheduling" configuration section: the job store, the recurring evaluations and how failures are retried.</summary>
public sealed class EvaluationScheduleOptions
{
    public const string Section = "Scheduling";

    /// <summary>Null: Postgres when Database:Provider is Postgres, otherwise Memory.</summary>
    public JobStoreKind? Store { get; set; }

    /// <summary>This node's name in the cluster and on run parts; AUTO is the host name and process id.</summary>
    public string InstanceId { get; set; } = "AUTO";

    public string NodeName => string.IsNullOrWhiteSpace(InstanceId) || InstanceId == "AUTO" ? $"{Environment.MachineName}-{Environment.ProcessId}" : InstanceId;

    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Cron (5 fields, or 6 with seconds) in <see cref="TimeZone"/>; each occurrence evaluates the month before it. Empty: no monthly schedule.</summary>
    public string Monthly { get; set; } = "0 2 1 * *";

    /// <summary>Cron in <see cref="TimeZone"/>; each occurrence evaluates the quarter before the one it falls in. Empty: no quarterly schedule.</summary>
    public string Quarterly { get; set; } = "0 3 1 1,4,7,10 *";

    /// <summary>At start-up, finished months this far back without a completed run are evaluated; 0 turns catch-up off.</summary>
    public int CatchUpMonths { get; set; } = 1;

    /// <summary>Retries of a brigade part.</summary>
    public RetryPolicy PartRetries { get; set; } = new();

    /// <summary>Retries of a run's finalisation.</summary>
    public RetryPolicy FinalizeRetries { get; set; } = new() { Attempts = 3, Delay = TimeSpan.FromSeconds(15), BackoffFactor = 2 };

    /// <summary>Retries of a scheduled evaluation's claim-and-dispatch.</summary>
    public RetryPolicy ScheduledRetries { get; set; } = new() { Attempts = 5, Delay = TimeSpan.FromSeconds(30), BackoffFactor = 2 };

    /// <summary>
    /// PostgreSQL: how long a fetched job stays invisible to other nodes without its node's keep-alive (the sliding
    /// timeout is on). A node killed in the middle of a job loses it to another node after about this long plus one
    /// <see cref="QueuePollInterval"/>.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>PostgreSQL: how often an idle worker looks for an enqueued job.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often delayed jobs (retries) and recurring occurrences are checked for being due.</summary>
    public TimeSpan SchedulePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>While the scheduler is paused, a part that comes up waits this long before it looks again.</summary>
    public TimeSpan PausedRecheck { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Workers of this node (brigade parts are the bulk of the jobs). Null: 1 in memory, where SQLite takes one writer at a time, else 4.</summary>
    public int? MaxConcurrentJobs { get; set; }

    public JobStoreKind StoreFor(Persistence.DatabaseProvider provider) =>
        Store ?? (provider == Persistence.DatabaseProvider.Postgres ? JobStoreKind.Postgres : JobStoreKind.Memory);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>The queues every node serves, in priority order: evaluations before connector pulls before the rest.</summary>
public static class JobQueues
{
    public const string Evaluation = "evaluation";
    public const string Connectors = "connectors";
    public const string Default = "default";

    public static readonly string[] All = [Evaluation, Connectors, Default];
}
