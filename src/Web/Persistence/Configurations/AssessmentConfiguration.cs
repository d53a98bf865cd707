using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Persistence.Configurations;

internal sealed class EvaluationRunConfiguration : IEntityTypeConfiguration<EvaluationRun>
{
    public void Configure(EntityTypeBuilder<EvaluationRun> builder)
    {
        builder.ToTable("evaluation_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Period).HasMaxLength(16);
        // Several nodes may start parts of one run at once; the first to move its status wins.
        builder.Property(r => r.Status).HasMaxLength(16).IsConcurrencyToken();
        builder.Property(r => r.Node).HasMaxLength(128);
        builder.Ignore(r => r.Schemes);
        builder.Ignore(r => r.Duration);
        builder.JsonListField<EvaluationRun, SchemeVersion>("_schemes", "schemes");
        builder.Ignore(r => r.Watermarks);
        builder.JsonListField<EvaluationRun, FactWatermark>("_watermarks", "fact_watermarks");
        builder.Ignore(r => r.MissingFacts);
        builder.JsonListField<EvaluationRun, string>("_missingFacts", "missing_facts");
        builder.Property(r => r.ClaimKey).HasMaxLength(64);
        builder.Property(r => r.Statistics).HasConversion(StoreConventions.JsonValue<RunStatistics>());
        builder.HasIndex(r => r.ClaimKey).IsUnique();
        builder.HasIndex(r => new { r.Period, r.Status });
        builder.HasIndex(r => r.AssessmentId);
    }
}

internal sealed class PeriodAssessmentConfiguration : IEntityTypeConfiguration<PeriodAssessment>
{
    public void Configure(EntityTypeBuilder<PeriodAssessment> builder)
    {
        builder.ToTable("period_assessments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Period).HasMaxLength(16);
        builder.Property(a => a.Publication).HasMaxLength(16);
        builder.Property(a => a.ReopenedBy).HasMaxLength(64);
        builder.Property(a => a.ReopenReason).HasMaxLength(2000);
        builder.Ignore(a => a.HasUnpublishedChanges);
        // Two nodes finishing runs of one period at once: the second to move the current run retries on fresh state.
        builder.Property(a => a.CurrentRunId).IsConcurrencyToken();
        builder.HasIndex(a => new { a.Period, a.ScopeUnitId }).IsUnique();
    }
}

internal sealed class OfficerResultConfiguration : IEntityTypeConfiguration<OfficerResult>
{
    public void Configure(EntityTypeBuilder<OfficerResult> builder)
    {
        builder.ToTable("officer_results");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.BadgeNumber).HasMaxLength(32);
        builder.Property(r => r.Kind).HasMaxLength(16);
        builder.Property(r => r.Post).HasMaxLength(16);
        builder.Property(r => r.Grade).HasMaxLength(32);
        builder.Ignore(r => r.Subtotals);
        builder.Ignore(r => r.Lines);
        builder.JsonListField<OfficerResult, CategorySubtotal>("_subtotals", "subtotals");
        builder.JsonListField<OfficerResult, RuleLine>("_lines", "lines");
        builder.HasIndex(r => new { r.RunId, r.OfficerId }).IsUnique();
        builder.HasIndex(r => new { r.OfficerId, r.RunId });
        builder.HasOne<EvaluationRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Officer>().WithMany().HasForeignKey(r => r.OfficerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SquadResultConfiguration : IEntityTypeConfiguration<SquadResult>
{
    public void Configure(EntityTypeBuilder<SquadResult> builder)
    {
        builder.ToTable("squad_results");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Grade).HasMaxLength(32);
        builder.Ignore(r => r.Subtotals);
        builder.Ignore(r => r.Lines);
        builder.JsonListField<SquadResult, CategorySubtotal>("_subtotals", "subtotals");
        builder.JsonListField<SquadResult, RuleLine>("_lines", "lines");
        builder.HasIndex(r => new { r.RunId, r.SquadId }).IsUnique();
        builder.HasOne<EvaluationRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(r => r.SquadId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OutcomeConfiguration : IEntityTypeConfiguration<Outcome>
{
    public void Configure(EntityTypeBuilder<Outcome> builder)
    {
        builder.ToTable("outcomes");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Kind).HasMaxLength(32);
        builder.Property(o => o.SubjectKind).HasMaxLength(16);
        builder.Property(o => o.Level).HasMaxLength(16);
        builder.Property(o => o.ScheduledLevel).HasMaxLength(16);
        builder.Property(o => o.IdentityKey).HasMaxLength(96);
        builder.Ignore(o => o.Identity);
        builder.Ignore(o => o.IsLive);
        builder.Ignore(o => o.History);
        builder.JsonListField<Outcome, OutcomeEvent>("_history", "history");
        builder.Property(o => o.Status).HasMaxLength(16);
        builder.Property(o => o.Reason).HasMaxLength(2000);
        builder.Property(o => o.RejectionReason).HasMaxLength(2000);
        builder.Property(o => o.Notes).HasMaxLength(8000);
        builder.Property(o => o.ReviewedBy).HasMaxLength(64);
        builder.Property(o => o.Interviewer).HasMaxLength(64);
        builder.HasIndex(o => new { o.RunId, o.Status });
        builder.HasIndex(o => new { o.SubjectKind, o.SubjectId });
        // One row per (subject, kind, level) in a period assessment: a re-run carries or withdraws it, never copies it.
        builder.HasIndex(o => new { o.AssessmentId, o.IdentityKey }).IsUnique();
        builder.HasOne<EvaluationRun>().WithMany().HasForeignKey(o => o.RunId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PeriodAssessment>().WithMany().HasForeignKey(o => o.AssessmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppealConfiguration : IEntityTypeConfiguration<Appeal>
{
    public void Configure(EntityTypeBuilder<Appeal> builder)
    {
        builder.ToTable("appeals");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Period).HasMaxLength(16);
        builder.Property(a => a.RuleName).HasMaxLength(128);
        builder.Property(a => a.Statement).HasMaxLength(8000);
        builder.Property(a => a.Status).HasMaxLength(16);
        builder.Property(a => a.DecidedBy).HasMaxLength(64);
        builder.Property(a => a.DecisionReason).HasMaxLength(2000);
        builder.HasIndex(a => new { a.RunId, a.OfficerId });
        builder.HasIndex(a => new { a.AssessmentId, a.OfficerId, a.RuleName });
        builder.HasOne<EvaluationRun>().WithMany().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PeriodAssessment>().WithMany().HasForeignKey(a => a.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Officer>().WithMany().HasForeignKey(a => a.OfficerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RuleSetVersionConfiguration : IEntityTypeConfiguration<AssessmentEngine.Domain.Schemes.RuleSetVersion>
{
    public void Configure(EntityTypeBuilder<AssessmentEngine.Domain.Schemes.RuleSetVersion> builder)
    {
        builder.ToTable("rule_set_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.SchemeName).HasMaxLength(64);
        builder.Property(v => v.Hash).HasMaxLength(64);
        builder.Property(v => v.Status).HasMaxLength(16);
        builder.Property(v => v.EffectiveFrom).HasMaxLength(16);
        builder.Property(v => v.FirstUsedFor).HasMaxLength(16);
        builder.Property(v => v.CreatedBy).HasMaxLength(64);
        builder.Property(v => v.ActivatedBy).HasMaxLength(64);
        builder.Property(v => v.Note).HasMaxLength(2000);
        // Rule files are a few kilobytes; a million characters bounds what an editor may save without limiting real schemes.
        builder.Property(v => v.Content).HasMaxLength(1_000_000);
        builder.HasIndex(v => new { v.SchemeName, v.Number }).IsUnique();
        builder.HasIndex(v => new { v.SchemeName, v.Status });
    }
}
