using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Features.Evaluations;

public enum RunPartStatus
{
    Pending = 1,
    Running = 2,
    Done = 3,
    Failed = 4,
}

/// <summary>
/// One brigade's share of a run. Parts run as separate jobs (possibly on different nodes); the run is finalised
/// when every part is done. A part's staged scores are replaced as a whole when it is retried.
/// </summary>
public sealed class RunPart
{
    public Guid RunId { get; set; }
    public long BrigadeId { get; set; }
    public string BrigadeCode { get; set; } = string.Empty;
    public RunPartStatus Status { get; set; } = RunPartStatus.Pending;
    public int Attempts { get; set; }
    public string? Node { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }

    /// <summary>The attempt that holds the part: set when an attempt takes it over, required by the attempt's writes (fencing).</summary>
    public Guid? AttemptToken { get; set; }

    public int Officers { get; set; }
    public long FactRows { get; set; }
    public double LoadSeconds { get; set; }
    public double ScoreSeconds { get; set; }
    public double StoreSeconds { get; set; }

    /// <summary>Subjects of this part the other engine scored again (Rules:CrossCheck).</summary>
    public int CrossChecked { get; set; }

    /// <summary>JSON list of <see cref="RunDisagreement"/>; null when the engines agreed on every checked subject.</summary>
    public string? DisagreementsJson { get; set; }
}

/// <summary>An officer's scored month before ranking; invisible to readers until the run completes.</summary>
public sealed class StagedOfficerScore
{
    public Guid RunId { get; set; }
    public long OfficerId { get; set; }
    public long BrigadeId { get; set; }
    public long SquadId { get; set; }
    public string BadgeNumber { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public string Post { get; set; } = string.Empty;
    public string PeerGroup { get; set; } = string.Empty;
    public double Score { get; set; }
    public string Grade { get; set; } = string.Empty;
    public bool Vetoed { get; set; }
    public bool BarredFromCommendations { get; set; }
    public int OverdueCases { get; set; }
    public int VerifiedComplaints { get; set; }
    public string SubtotalsJson { get; set; } = "[]";
    public string LinesJson { get; set; } = "[]";
    public string OutcomesJson { get; set; } = "[]";
}

/// <summary>A squad's scored month before ranking.</summary>
public sealed class StagedSquadScore
{
    public Guid RunId { get; set; }
    public long SquadId { get; set; }
    public long BrigadeId { get; set; }
    public string Code { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public double Score { get; set; }
    public double AverageOfficerScore { get; set; }
    public string Grade { get; set; } = string.Empty;
    public bool Vetoed { get; set; }
    public int OverdueCases { get; set; }
    public int VerifiedComplaints { get; set; }
    public string SubtotalsJson { get; set; } = "[]";
    public string LinesJson { get; set; } = "[]";
    public string OutcomesJson { get; set; } = "[]";
}

/// <summary>The run's working tables, owned by this feature: persistence maps them without knowing the feature.</summary>
public static class RunStagingTables
{
    extension(AssessmentDbContext db)
    {
        public DbSet<RunPart> RunParts => db.Set<RunPart>();

        public DbSet<StagedOfficerScore> StagedOfficerScores => db.Set<StagedOfficerScore>();

        public DbSet<StagedSquadScore> StagedSquadScores => db.Set<StagedSquadScore>();
    }
}

internal sealed class RunPartConfiguration : IEntityTypeConfiguration<RunPart>
{
    public void Configure(EntityTypeBuilder<RunPart> builder)
    {
        builder.ToTable("run_parts");
        builder.HasKey(p => new { p.RunId, p.BrigadeId });
        builder.Property(p => p.BrigadeCode).HasMaxLength(64);
        builder.Property(p => p.Status).HasMaxLength(16);
        builder.Property(p => p.Node).HasMaxLength(128);
        builder.HasOne<Domain.Assessment.EvaluationRun>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StagedOfficerScoreConfiguration : IEntityTypeConfiguration<StagedOfficerScore>
{
    public void Configure(EntityTypeBuilder<StagedOfficerScore> builder)
    {
        builder.ToTable("staged_officer_scores");
        builder.HasKey(s => new { s.RunId, s.OfficerId });
        builder.Property(s => s.BadgeNumber).HasMaxLength(32);
        builder.Property(s => s.Name).HasMaxLength(64);
        builder.Property(s => s.Kind).HasMaxLength(16);
        builder.Property(s => s.Post).HasMaxLength(16);
        builder.Property(s => s.PeerGroup).HasMaxLength(256);
        builder.Property(s => s.Grade).HasMaxLength(32);
        builder.HasIndex(s => new { s.RunId, s.BrigadeId });
    }
}

internal sealed class StagedSquadScoreConfiguration : IEntityTypeConfiguration<StagedSquadScore>
{
    public void Configure(EntityTypeBuilder<StagedSquadScore> builder)
    {
        builder.ToTable("staged_squad_scores");
        builder.HasKey(s => new { s.RunId, s.SquadId });
        builder.Property(s => s.Code).HasMaxLength(64);
        builder.Property(s => s.Name).HasMaxLength(128);
        builder.Property(s => s.Grade).HasMaxLength(32);
        builder.HasIndex(s => new { s.RunId, s.BrigadeId });
    }
}
