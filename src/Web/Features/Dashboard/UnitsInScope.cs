using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Web.Features.Organization;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Dashboard;

/// <summary>A unit the caller may reach; <paramref name="FullName"/> names its parents too ("一大队·一中队").</summary>
public sealed record UnitOption(long Id, string Code, string Name, UnitKind Kind, long? ParentId, string FullName, int Depth);

/// <summary>The units the caller may look at (their subtree; every unit for the whole detachment) as a tree in code order: GET /api/units, the unit choices.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor)]
public sealed record UnitsInScope : IRequest<IReadOnlyList<UnitOption>>;

internal sealed class UnitsInScopeHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<UnitsInScope, IReadOnlyList<UnitOption>>
{
    public async ValueTask<IReadOnlyList<UnitOption>> Handle(UnitsInScope request, CancellationToken cancellationToken)
    {
        var reachable = await actor.ReachableUnitsAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().ToListAsync(cancellationToken);
        var names = UnitNames.FullNames(units.ConvertAll(u => new UnitName(u.Id, u.Kind, u.Name, u.ParentId)));
        var children = units.OrderBy(u => u.Code, StringComparer.Ordinal).ToLookup(u => u.ParentId);
        var ordered = new List<UnitOption>(units.Count);
        // Depth-first from the roots, so that each unit follows its parent as in a tree.
        void Visit(Unit unit, int depth)
        {
            if (reachable is null || reachable.Contains(unit.Id))
                ordered.Add(new UnitOption(unit.Id, unit.Code, unit.Name, unit.Kind, unit.ParentId, names[unit.Id], depth));
            foreach (var child in children[unit.Id])
                Visit(child, depth + 1);
        }
        foreach (var root in children[null])
            Visit(root, 0);
        return ordered;
    }
}
