using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Infrastructure.Auditing;

/// <summary>
/// One change or security event, appended and never altered: the application only inserts, and the database rejects
/// UPDATE and DELETE on the table with a trigger (migration 0002).
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
        Actor = string.Empty;
        ActorKind = string.Empty;
        Action = string.Empty;
    }

    public AuditEntry(DateTime at, string actor, string actorKind, string action, string? entityType, string? entityId,
        string? beforeJson, string? afterJson, string? requestId, string? ipAddress, long? unitId = null)
    {
        At = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        Actor = actor;
        ActorKind = actorKind;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        BeforeJson = beforeJson;
        AfterJson = afterJson;
        RequestId = requestId;
        IpAddress = ipAddress;
        UnitId = unitId;
    }

    public long Id { get; private set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; private set; }

    /// <summary>User name, token name, or "system".</summary>
    public string Actor { get; private set; }

    /// <summary>User, Token, System or Anonymous (a failed sign-in).</summary>
    public string ActorKind { get; private set; }

    /// <summary>What happened, named after the command: CreateUser, SignIn, RevokeApiToken …</summary>
    public string Action { get; private set; }

    public string? EntityType { get; private set; }

    public string? EntityId { get; private set; }

    public string? BeforeJson { get; private set; }

    public string? AfterJson { get; private set; }

    public string? RequestId { get; private set; }

    public string? IpAddress { get; private set; }

    /// <summary>The unit the change concerns; null is the whole detachment (only detachment-wide auditors see it).</summary>
    public long? UnitId { get; private set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(e => e.At).HasColumnName("at");
        builder.Property(e => e.Actor).HasColumnName("actor").IsRequired();
        builder.Property(e => e.ActorKind).HasColumnName("actor_kind").IsRequired();
        builder.Property(e => e.Action).HasColumnName("action").IsRequired();
        builder.Property(e => e.EntityType).HasColumnName("entity_type");
        builder.Property(e => e.EntityId).HasColumnName("entity_id");
        builder.Property(e => e.BeforeJson).HasColumnName("before_json");
        builder.Property(e => e.AfterJson).HasColumnName("after_json");
        builder.Property(e => e.RequestId).HasColumnName("request_id");
        builder.Property(e => e.IpAddress).HasColumnName("ip");
        builder.Property(e => e.UnitId).HasColumnName("unit_id");
        builder.HasIndex(e => e.At).HasDatabaseName("ix_audit_entries_at");
        builder.HasIndex(e => e.UnitId).HasDatabaseName("ix_audit_entries_unit_id");
        builder.HasIndex(e => new { e.EntityType, e.EntityId }).HasDatabaseName("ix_audit_entries_entity");
        builder.HasIndex(e => e.Actor).HasDatabaseName("ix_audit_entries_actor");
    }
}
