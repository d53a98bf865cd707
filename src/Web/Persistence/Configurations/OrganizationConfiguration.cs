using AssessmentEngine.Domain.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Persistence.Configurations;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder)
    {
        builder.ToTable("units");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Code).HasMaxLength(64);
        builder.Property(u => u.Name).HasMaxLength(128);
        builder.Property(u => u.Kind).HasMaxLength(16);
        builder.HasIndex(u => u.Code).IsUnique();
        builder.HasIndex(u => u.ParentId);
        builder.HasOne<Unit>().WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OfficerConfiguration : IEntityTypeConfiguration<Officer>
{
    public void Configure(EntityTypeBuilder<Officer> builder)
    {
        builder.ToTable("officers");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.BadgeNumber).HasMaxLength(32);
        builder.Property(o => o.Name).HasMaxLength(64);
        builder.Property(o => o.Kind).HasMaxLength(16);
        builder.Property(o => o.Post).HasMaxLength(16);
        builder.Ignore(o => o.IsAuxiliary);
        builder.Ignore(o => o.IsActive);
        builder.HasIndex(o => o.BadgeNumber).IsUnique();
        builder.HasIndex(o => o.SquadId);
        builder.HasOne<Unit>().WithMany().HasForeignKey(o => o.SquadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Officer>().WithMany().HasForeignKey(o => o.SupervisorId).OnDelete(DeleteBehavior.Restrict);
    }
}
