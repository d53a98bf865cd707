using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Dashboard;

public sealed record UnitOption(long Id, string Code, string Name, UnitKind Kind, long? ParentId);

/// <summary>The units the caller may look at (their subtree; every unit for the whole detachment), in code order: the dashboard's unit choice.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor)]
public sealed record UnitsInScope : IRequest<IReadOnlyList<UnitOption>>;

internal sealed class UnitsInScopeHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<UnitsInScope, IReadOnlyList<UnitOption>>
{
    public async ValueTask<IReadOnlyList<UnitOption>> Handle(UnitsInScope request, CancellationToken cancellationToken)
    {
        var reachable = await actor.ReachableUnitsAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().ToListAsync(cancellationToken);
        return units.Where(u => reachable is null || reachable.Contains(u.Id))
            .OrderBy(u => u.Code, StringComparer.Ordinal)
            .Select(u => new UnitOption(u.Id, u.Code, u.Name, u.Kind, u.ParentId))
            .ToList();
    }
}
