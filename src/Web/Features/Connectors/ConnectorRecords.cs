using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Features.Connectors;

/// <summary>
/// How far a connector has read one kind from its platform: the platform's opaque watermark after the last page stored.
/// Written in the same transaction as that page's facts, so a crash resumes exactly after the last stored page.
/// </summary>
public sealed class ConnectorState
{
    public string Connector { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    /// <summary>Null: nothing read yet (the next pull starts from the beginning).</summary>
    public string? Watermark { get; set; }

    public long Pages { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum ConnectorRunStatus
{
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    Cancelled = 4,
}

/// <summary>One pull of a connector: every kind, page after page, with its requests, retries and error.</summary>
public sealed class ConnectorRun
{
    public Guid Id { get; set; }

    public string Connector { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Node { get; set; }

    public ConnectorRunStatus Status { get; set; }

    /// <summary>Pages stored.</summary>
    public int Pages { get; set; }

    public long Rows { get; set; }

    public long Accepted { get; set; }

    public long Duplicates { get; set; }

    /// <summary>HTTP requests made, retries included.</summary>
    public int Attempts { get; set; }

    /// <summary>Requests that failed transiently and were tried again after a back-off.</summary>
    public int Retries { get; set; }

    /// <summary>Why the run failed; for a run that succeeded after retries, the last transient failure.</summary>
    public string? Error { get; set; }
}

internal sealed class ConnectorStateConfiguration : IEntityTypeConfiguration<ConnectorState>
{
    public void Configure(EntityTypeBuilder<ConnectorState> builder)
    {
        builder.ToTable("connector_states");
        builder.HasKey(s => new { s.Connector, s.Kind });
        builder.Property(s => s.Connector).HasMaxLength(64);
        builder.Property(s => s.Kind).HasMaxLength(32);
    }
}

internal sealed class ConnectorRunConfiguration : IEntityTypeConfiguration<ConnectorRun>
{
    public void Configure(EntityTypeBuilder<ConnectorRun> builder)
    {
        builder.ToTable("connector_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Connector).HasMaxLength(64);
        builder.Property(r => r.Node).HasMaxLength(128);
        builder.Property(r => r.Status).HasMaxLength(16);
        builder.HasIndex(r => new { r.Connector, r.StartedAt });
    }
}
