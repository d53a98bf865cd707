using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Features.Ingestion;

public enum IngestionStatus
{
    Accepted = 1,
    Refused = 2,
}

/// <summary>
/// The record of one batch sent for ingestion, accepted or refused: who sent it, how many rows, what became of them.
/// A refused batch is recorded in a transaction of its own, after its data was rolled back.
/// </summary>
public sealed class IngestionBatch
{
    public Guid Id { get; set; }

    /// <summary>The fact kind, e.g. enforcement-actions.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The connector that pulled it; null for a batch sent to the API.</summary>
    public string? Source { get; set; }

    public string ActorKind { get; set; } = string.Empty;

    /// <summary>User id or token id; null for the system (connectors).</summary>
    public long? ActorId { get; set; }

    public string ActorName { get; set; } = string.Empty;

    /// <summary>The root of the sender's unit scope; null is the whole detachment.</summary>
    public long? UnitId { get; set; }

    public string ContentType { get; set; } = string.Empty;

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public long Rows { get; set; }

    /// <summary>New records stored.</summary>
    public long Accepted { get; set; }

    /// <summary>Records whose external id was already stored with the same content: not stored again.</summary>
    public long Duplicates { get; set; }

    /// <summary>Errors found (rows and header); a batch with any is refused as a whole.</summary>
    public long Errors { get; set; }

    public IngestionStatus Status { get; set; }

    /// <summary>The first errors, one per line, for the history; the full list went back to the sender.</summary>
    public string? ErrorSummary { get; set; }
}

internal sealed class IngestionBatchConfiguration : IEntityTypeConfiguration<IngestionBatch>
{
    public void Configure(EntityTypeBuilder<IngestionBatch> builder)
    {
        builder.ToTable("ingestion_batches");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Kind).HasMaxLength(32);
        builder.Property(b => b.Source).HasMaxLength(64);
        builder.Property(b => b.ActorKind).HasMaxLength(16);
        builder.Property(b => b.ActorName).HasMaxLength(128);
        builder.Property(b => b.ContentType).HasMaxLength(64);
        builder.Property(b => b.Status).HasMaxLength(16);
        builder.HasIndex(b => b.ReceivedAt);
    }
}
