namespace AssessmentEngine.Web.Features.Connectors;

/// <summary>
/// One external supervision platform pulled on a schedule, bound from "Connectors:{Name}". The platform's contract is
/// docs/connectors.md. The key comes from configuration or the environment, never from the repository.
/// </summary>
public sealed class ConnectorSettings
{
    /// <summary>The platform's root, e.g. https://bodycam.example/api/ ; pages are read from {BaseUrl}v1/{kind}.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The fact kinds pulled, in this order (names as in /api/ingest/{kind}).</summary>
    public IList<string> Kinds { get; } = [];

    /// <summary>Minutes between pulls; 0 with no <see cref="Cron"/>: only on demand (POST /api/connectors/{name}/pull).</summary>
    public int IntervalMinutes { get; set; }

    /// <summary>A cron expression (5 fields, or 6 with seconds) in Scheduling:TimeZone; takes precedence over <see cref="IntervalMinutes"/>.</summary>
    public string? Cron { get; set; }

    public int PageSize { get; set; } = 500;

    /// <summary>The unit whose officers the platform reports on; null is the whole detachment.</summary>
    public long? UnitId { get; set; }

    /// <summary>The bearer key itself (from a secret store or environment-specific configuration).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The environment variable holding the key, when <see cref="ApiKey"/> is not set.</summary>
    public string? ApiKeyEnvVar { get; set; }

    /// <summary>Requests per page before the pull gives up (the first included).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry; each further retry waits <see cref="BackoffFactor"/> times longer.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(2);

    public double BackoffFactor { get; set; } = 2;

    /// <summary>Longest wait for one page.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public string? ResolveApiKey() =>
        !string.IsNullOrEmpty(ApiKey) ? ApiKey : ApiKeyEnvVar is { Length: > 0 } variable ? Environment.GetEnvironmentVariable(variable) : null;

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan BackoffBefore(int retry) => Backoff * Math.Pow(BackoffFactor, retry - 1);
}

/// <summary>Every configured connector, by name ("Connectors" section).</summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connectors";

    public IDictionary<string, ConnectorSettings> Connectors { get; } = new Dictionary<string, ConnectorSettings>(StringComparer.OrdinalIgnoreCase);
}
