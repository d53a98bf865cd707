using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Infrastructure.Auditing;

/// <summary>
/// Adds audit entries to the unit of work of the current request, so they are saved in the same transaction as the
/// change they describe. Handlers of an <see cref="IAuditedCommand"/> call <see cref="Describe"/>; other code that
/// must leave a trace (sign-ins, including failed ones) calls <see cref="Append"/>.
/// </summary>
public sealed class AuditLog(AssessmentDbContext db, CurrentActor actor, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private AuditedChange? _change;
    private (bool Set, long? UnitId) _unit;

    /// <summary>
    /// The unit the next entries concern (an officer's squad, a user's unit); null is the whole detachment. Auditors see
    /// only entries of units in their subtree. Without it, an entry concerns the actor's own unit.
    /// </summary>
    public AuditLog Concerning(long? unitId)
    {
        _unit = (true, unitId);
        return this;
    }

    /// <summary>What the running audited command changed; the audit behaviour writes it when the command succeeds.</summary>
    public void Describe(string entityType, object? entityId, object? before, object? after) =>
        _change = new AuditedChange(entityType, KeyText(entityId), before, after);

    /// <summary>Writes an entry now (it is saved with the current unit of work).</summary>
    public void Append(string action, string? entityType, object? entityId, object? before, object? after) =>
        Append(action, entityType, entityId, before, after, actor.Name, actor.Kind);

    /// <summary>Writes an entry on behalf of someone who is not (yet) the current actor: the user name a sign-in tried.</summary>
    public void Append(string action, string? entityType, object? entityId, object? before, object? after, string actorName, ActorKind actorKind)
    {
        db.Add(new AuditEntry(
            clock.GetUtcNow().UtcDateTime,
            actorName,
            actorKind.ToString(),
            action,
            entityType,
            KeyText(entityId),
            Serialize(before),
            Serialize(after),
            actor.RequestId,
            actor.IpAddress?.ToString(),
            _unit.Set ? _unit.UnitId : actor.UnitId));
    }

    internal void BeginCommand()
    {
        _change = null;
        _unit = default;
    }

    internal void CompleteCommand(string action) =>
        Append(action, _change?.EntityType, _change?.EntityId, _change?.Before, _change?.After);

    private static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Json);

    private static string? KeyText(object? key) => key switch
    {
        null => null,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString(),
    };

    private sealed record AuditedChange(string EntityType, string? EntityId, object? Before, object? After);
}
