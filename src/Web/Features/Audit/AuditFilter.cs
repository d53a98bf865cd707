using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;

namespace AssessmentEngine.Web.Features.Audit;

/// <summary>Which audit entries to show; every part is optional, and they combine with AND.</summary>
public sealed record AuditFilter(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Action, string? EntityType, string? EntityId)
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(From is null || To is null || From <= To, "from", "FromAfterTo", "'from' must not be after 'to'.");
    }

    internal IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        if (From is { } from)
        {
            var fromUtc = from.UtcDateTime;
            entries = entries.Where(e => e.At >= fromUtc);
        }
        if (To is { } to)
        {
            var toUtc = to.UtcDateTime;
            entries = entries.Where(e => e.At < toUtc);
        }
        if (!string.IsNullOrEmpty(Actor)) entries = entries.Where(e => e.Actor == Actor);
        if (!string.IsNullOrEmpty(Action)) entries = entries.Where(e => e.Action == Action);
        if (!string.IsNullOrEmpty(EntityType)) entries = entries.Where(e => e.EntityType == EntityType);
        if (!string.IsNullOrEmpty(EntityId)) entries = entries.Where(e => e.EntityId == EntityId);
        return entries;
    }

    /// <summary>
    /// Only entries about units the reader reaches; entries about the whole detachment (no unit) only for a reader
    /// scoped to the whole detachment.
    /// </summary>
    internal static async Task<IQueryable<AuditEntry>> InScopeAsync(IQueryable<AuditEntry> entries, CurrentActor actor, CancellationToken cancellationToken)
    {
        if (await actor.ReachableUnitsAsync(cancellationToken) is not { } units)
            return entries;
        var ids = units.ToList();
        return entries.Where(e => e.UnitId != null && ids.Contains(e.UnitId.Value));
    }
}
