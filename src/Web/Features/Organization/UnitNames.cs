using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Organization;

/// <summary>
/// A unit's name with its parents below the detachment, "一大队·一中队": every brigade has a 一中队, so a squad's own
/// name alone does not say which one is meant. Read once per request; a detachment has a few hundred units at most.
/// </summary>
public sealed class UnitNames(AssessmentDbContext db)
{
    public const string Separator = "·";

    private IReadOnlyDictionary<long, string>? _names;

    public async Task<IReadOnlyDictionary<long, string>> AllAsync(CancellationToken cancellationToken = default)
    {
        if (_names is not null) return _names;
        var units = await db.Units.AsNoTracking().Select(u => new UnitName(u.Id, u.Kind, u.Name, u.ParentId)).ToListAsync(cancellationToken);
        return _names = FullNames(units);
    }

    /// <summary>The full name of <paramref name="unitId"/>, or null when there is no such unit.</summary>
    public async Task<string?> OfAsync(long? unitId, CancellationToken cancellationToken = default) =>
        unitId is { } id && (await AllAsync(cancellationToken)).TryGetValue(id, out var name) ? name : null;

    /// <summary>Names every unit after its parents, leaving out the detachment that all of them share.</summary>
    public static IReadOnlyDictionary<long, string> FullNames(IReadOnlyCollection<UnitName> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var byId = units.ToDictionary(u => u.Id);
        var names = new Dictionary<long, string>(units.Count);
        foreach (var unit in units)
        {
            var parts = new List<string>();
            for (var current = unit; current is not null; current = current.ParentId is { } parent && byId.TryGetValue(parent, out var p) ? p : null)
            {
                if (current.Kind == UnitKind.Detachment && current != unit) break;
                parts.Add(current.Name);
            }
            parts.Reverse();
            names[unit.Id] = string.Join(Separator, parts);
        }
        return names;
    }
}

public sealed record UnitName(long Id, UnitKind Kind, string Name, long? ParentId);
