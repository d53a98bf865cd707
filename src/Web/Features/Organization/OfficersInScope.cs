using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Organization;

public sealed record OfficerOption(long Id, string BadgeNumber, string Name, long SquadId);

/// <summary>The serving officers within the caller's units, by badge number: what an Officer account may be linked to.</summary>
[AllowedRoles(Role.Admin)]
public sealed record OfficersInScope : IRequest<IReadOnlyList<OfficerOption>>;

internal sealed class OfficersInScopeHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<OfficersInScope, IReadOnlyList<OfficerOption>>
{
    public async ValueTask<IReadOnlyList<OfficerOption>> Handle(OfficersInScope request, CancellationToken cancellationToken)
    {
        var reachable = await actor.ReachableUnitsAsync(cancellationToken);
        var officers = await db.Officers.AsNoTracking().Where(o => o.LeftOn == null)
            .Select(o => new OfficerOption(o.Id, o.BadgeNumber, o.Name, o.SquadId)).ToListAsync(cancellationToken);
        return officers.Where(o => reachable is null || reachable.Contains(o.SquadId)).OrderBy(o => o.BadgeNumber, StringComparer.Ordinal).ToList();
    }
}
