using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>The tokens within the caller's unit subtree, newest first, revoked ones included.</summary>
[AllowedRoles(Role.Admin)]
public sealed record ListApiTokens : IRequest<IReadOnlyList<ApiTokenView>>;

internal sealed class ListApiTokensHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<ListApiTokens, IReadOnlyList<ApiTokenView>>
{
    public async ValueTask<IReadOnlyList<ApiTokenView>> Handle(ListApiTokens request, CancellationToken cancellationToken)
    {
        var units = await actor.ReachableUnitsAsync(cancellationToken);
        var tokens = db.Set<ApiToken>().AsNoTracking();
        if (units is not null)
            tokens = tokens.Where(t => t.UnitId != null && units.Contains(t.UnitId.Value));
        var list = await tokens.OrderByDescending(t => t.Id).ToListAsync(cancellationToken);
        return list.ConvertAll(t => t.ToView());
    }
}
