using AssessmentEngine.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Persistence.Configurations;

/// <summary>
/// Every fact kind is a table of its own with a store-assigned id, a unique external id (idempotent ingestion)
/// and an index on (officer, time) — the evaluation reads facts per officer and period. Fact tables carry no
/// foreign key to officers: a per-row key check halves COPY throughput, and ingestion validates every row's
/// officer itself to report the row and field (docs/adr/0008-fact-tables-without-foreign-keys.md).
/// </summary>
internal abstract class FactConfiguration<TFact> : IEntityTypeConfiguration<TFact>
    where TFact : DutyFact
{
    protected abstract string Table { get; }

    public void Configure(EntityTypeBuilder<TFact> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedOnAdd();
        builder.Property(f => f.ExternalId).HasMaxLength(128);
        builder.HasIndex(f => f.ExternalId).IsUnique();
        ConfigureFact(builder);
    }

    protected abstract void ConfigureFact(EntityTypeBuilder<TFact> builder);

    protected static void IndexByOfficerAndTime(EntityTypeBuilder<TFact> builder, System.Linq.Expressions.Expression<Func<TFact, object?>> officerAndTime) =>
        builder.HasIndex(officerAndTime);
}

internal sealed class EnforcementActionConfiguration : FactConfiguration<EnforcementAction>
{
    protected override string Table => "enforcement_actions";

    protected override void ConfigureFact(EntityTypeBuilder<EnforcementAction> builder)
    {
        builder.Property(f => f.Code).HasMaxLength(32);
        builder.Property(f => f.PenaltyDecisionNumber).HasMaxLength(64);
        builder.Ignore(f => f.IsPenaltyWithoutFootage);
        IndexByOfficerAndTime(builder, f => new { f.OfficerId, f.OccurredAt });
    }
}

internal sealed class CaseConfiguration : FactConfiguration<Case>
{
    protected override string Table => "cases";

    protected override void ConfigureFact(EntityTypeBuilder<Case> builder)
    {
        builder.Property(f => f.Kind).HasMaxLength(16);
        builder.Ignore(f => f.IsClosed);
        IndexByOfficerAndTime(builder, f => new { f.OfficerId, f.AcceptedAt });
    }
}

internal sealed class AttendanceDayConfiguration : FactConfiguration<AttendanceDay>
{
    protected override string Table => "attendance_days";

    protected override void ConfigureFact(EntityTypeBuilder<AttendanceDay> builder)
    {
        builder.Property(f => f.Status).HasMaxLength(16);
        IndexByOfficerAndTime(builder, f => new { f.OfficerId, f.Day });
    }
}

internal sealed class ShiftConfiguration : FactConfiguration<Shift>
{
    protected override string Table => "shifts";

    protected override void ConfigureFact(EntityTypeBuilder<Shift> builder)
    {
        builder.Property(f => f.Post).HasMaxLength(16);
        IndexByOfficerAndTime(builder, f => new { f.OfficerId, f.Start });
    }
}

internal sealed class DisciplineIncidentConfiguration : FactConfiguration<DisciplineIncident>
{
    protected override string Table => "discipline_incidents";

    protected override void ConfigureFact(EntityTypeBuilder<DisciplineIncident> builder)
    {
        builder.Property(f => f.Code).HasMaxLength(32);
        builder.Property(f => f.Status).HasMaxLength(16);
        builder.Property(f => f.DismissalReason).HasMaxLength(1000);
        IndexByOfficerAndTime(builder, f => new { f.OfficerId, f.OccurredAt });
    }
}

internal sealed class ComplaintConfiguration : FactConfiguration<Complaint>
{
    protected override string Table => "complaints";

    protected override void ConfigureFact(EntityTypeBuilder<Complaint> builder)
    {
        builder.Property(f => f.Status).HasMaxLength(16);
        builder.Property(f => f.Finding).HasMaxLength(2000);
        IndexByOfficerAndTime(builder, f => new { f.OfficerId, f.ReceivedAt });
    }
}

internal sealed class CommendationConfiguration : FactConfiguration<Commendation>
{
    protected override string Table => "commendations";

    protected override void ConfigureFact(EntityTypeBuilder<Commendation> builder)
    {
        builder.Property(f => f.Level).HasMaxLength(16);
        IndexByOfficerAndTime(builder, f => new { f.OfficerId, f.AwardedAt });
    }
}

internal sealed class TrainingResultConfiguration : FactConfiguration<TrainingResult>
{
    protected override string Table => "training_results";

    protected override void ConfigureFact(EntityTypeBuilder<TrainingResult> builder)
    {
        builder.Property(f => f.Name).HasMaxLength(128);
        IndexByOfficerAndTime(builder, f => new { f.OfficerId, f.TakenAt });
    }
}

internal sealed class ImportedIndicatorConfiguration : FactConfiguration<ImportedIndicator>
{
    protected override string Table => "imported_indicators";

    protected override void ConfigureFact(EntityTypeBuilder<ImportedIndicator> builder)
    {
        builder.Property(f => f.Name).HasMaxLength(64);
        builder.Property(f => f.Period).HasMaxLength(16);
        builder.HasIndex(f => new { f.Period, f.OfficerId });
        builder.HasIndex(f => new { f.Period, f.UnitId });
    }
}

internal sealed class ManualAdjustmentConfiguration : FactConfiguration<ManualAdjustment>
{
    protected override string Table => "manual_adjustments";

    protected override void ConfigureFact(EntityTypeBuilder<ManualAdjustment> builder)
    {
        builder.Property(f => f.Period).HasMaxLength(16);
        builder.Property(f => f.RuleName).HasMaxLength(128);
        builder.Property(f => f.Reason).HasMaxLength(2000);
        builder.Property(f => f.Author).HasMaxLength(64);
        builder.HasIndex(f => new { f.Period, f.OfficerId });
        // An upheld appeal grants one adjustment; a second uphold of the same appeal cannot add another.
        builder.HasIndex(f => f.SourceAppealId).IsUnique();
    }
}
