using System.Text.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Features.RuleSets;

public enum DryRunStatus
{
    Queued = 1,
    Running = 2,
    Completed = 3,
    Failed = 4,
}

/// <summary>What a running dry run is doing: scoring brigade after brigade, ranking with squads and outcomes, comparing.</summary>
public enum DryRunStage
{
    Queued = 1,
    Scoring = 2,
    Ranking = 3,
    Comparing = 4,
    Done = 5,
}

/// <summary>
/// A dry run of a rule version on a past period, evaluated by a background job (ADR 27). Its row holds the state and
/// progress any node reports, and once completed the report, computed for the scope of whoever started it.
/// </summary>
public sealed class DryRun
{
    public Guid Id { get; set; }
    public string SchemeName { get; set; } = string.Empty;
    public int VersionNumber { get; set; }
    public AssessmentPeriod Period { get; set; }

    /// <summary>Root of the starter's unit scope; null is the whole detachment. The report lists only subjects under it.</summary>
    public long? UnitId { get; set; }

    public DryRunStatus Status { get; set; } = DryRunStatus.Queued;
    public DryRunStage Stage { get; set; } = DryRunStage.Queued;
    public int BrigadesDone { get; set; }
    public int BrigadesTotal { get; set; }
    public int SubjectsDone { get; set; }
    public int SubjectsTotal { get; set; }
    public string StartedBy { get; set; } = string.Empty;
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Node { get; set; }
    public string? Error { get; set; }
    public string? ReportJson { get; set; }

    public bool IsFinished => Status is DryRunStatus.Completed or DryRunStatus.Failed;
}

/// <summary>A dry run as the API and the page show it: state, progress and, once completed, the report.</summary>
public sealed record DryRunView(
    Guid Id,
    string Scheme,
    int Number,
    string Period,
    DryRunStatus Status,
    DryRunStage Stage,
    int BrigadesDone,
    int BrigadesTotal,
    int SubjectsDone,
    int SubjectsTotal,
    string StartedBy,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    DryRunReport? Report)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRunning => Status is DryRunStatus.Queued or DryRunStatus.Running;

    public static DryRunView Of(DryRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run.Id, run.SchemeName, run.VersionNumber, run.Period.Key, run.Status, run.Stage, run.BrigadesDone, run.BrigadesTotal, run.SubjectsDone, run.SubjectsTotal,
            run.StartedBy, run.QueuedAt, run.StartedAt, run.FinishedAt, run.Error, run.ReportJson is { } json ? JsonSerializer.Deserialize<DryRunReport>(json, Json) : null);
    }

    public static string Serialize(DryRunReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>Where the API answers for this dry run.</summary>
    public static string Location(string scheme, int number, Guid id) =>
        FormattableString.Invariant($"/api/rulesets/{Uri.EscapeDataString(scheme)}/versions/{number}/dry-runs/{id}");
}

public static class DryRunTables
{
    extension(AssessmentDbContext db)
    {
        public DbSet<DryRun> DryRuns => db.Set<DryRun>();
    }
}

internal sealed class DryRunConfiguration : IEntityTypeConfiguration<DryRun>
{
    public void Configure(EntityTypeBuilder<DryRun> builder)
    {
        builder.ToTable("dry_runs");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.SchemeName).HasMaxLength(64);
        builder.Property(d => d.Period).HasMaxLength(16);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.Property(d => d.Stage).HasMaxLength(16);
        builder.Property(d => d.StartedBy).HasMaxLength(128);
        builder.Property(d => d.Node).HasMaxLength(128);
        builder.Ignore(d => d.IsFinished);
        builder.HasIndex(d => new { d.SchemeName, d.VersionNumber });
    }
}
