namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>Where Quartz keeps its jobs: in the process (one node, SQLite) or in PostgreSQL, clustered across nodes.</summary>
public enum JobStoreKind
{
    Memory,
    Postgres,
}

/// <summary>The "Scheduling" configuration section: the job store, the evaluation schedules and how failures are retried.</summary>
public sealed class EvaluationScheduleOptions
{
    public const string Section = "Scheduling";

    /// <summary>Without a scheduler there are no scheduled runs and `POST /api/runs` answers 503; the command line still evaluates.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Null: Postgres when Database:Provider is Postgres, otherwise Memory.</summary>
    public JobStoreKind? Store { get; set; }

    /// <summary>Shared by every node of a cluster; the Quartz tables are keyed by it.</summary>
    public string SchedulerName { get; set; } = "AssessmentEngine";

    /// <summary>This node's name in the cluster and on run parts; AUTO is the host name and process id.</summary>
    public string InstanceId { get; set; } = "AUTO";

    public string NodeName => string.IsNullOrWhiteSpace(InstanceId) || InstanceId == "AUTO" ? $"{Environment.MachineName}-{Environment.ProcessId}" : InstanceId;

    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Cron in <see cref="TimeZone"/>; each fire evaluates the month before the one it fires in. Empty: no monthly schedule.</summary>
    public string Monthly { get; set; } = "0 0 2 1 * ?";

    /// <summary>Cron in <see cref="TimeZone"/>; each fire evaluates the quarter before the one it fires in. Empty: no quarterly schedule.</summary>
    public string Quarterly { get; set; } = "0 0 3 1 1,4,7,10 ?";

    /// <summary>At start-up, finished months this far back without a completed run are evaluated; 0 turns catch-up off.</summary>
    public int CatchUpMonths { get; set; } = 1;

    /// <summary>Retries of a part or finalisation after a transient failure (the first attempt not counted).</summary>
    public int RetryAttempts { get; set; } = 4;

    /// <summary>The wait before the first retry; each later wait is <see cref="RetryBackoffFactor"/> times the one before (10 s, 30 s, 90 s …).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public double RetryBackoffFactor { get; set; } = 3;

    /// <summary>How often a clustered node records that it is alive; a node silent for about twice this long is recovered by the others.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>Jobs one node runs at once (brigade parts are the bulk of them). Null: 1 in memory, where SQLite takes one writer at a time, else 4.</summary>
    public int? MaxConcurrentJobs { get; set; }

    public JobStoreKind StoreFor(Persistence.DatabaseProvider provider) =>
        Store ?? (provider == Persistence.DatabaseProvider.Postgres ? JobStoreKind.Postgres : JobStoreKind.Memory);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
