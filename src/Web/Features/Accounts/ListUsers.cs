using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>The accounts within the caller's unit subtree, by user name.</summary>
[AllowedRoles(Role.Admin)]
public sealed record ListUsers : IRequest<IReadOnlyList<UserView>>;

internal sealed class ListUsersHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<ListUsers, IReadOnlyList<UserView>>
{
    public async ValueTask<IReadOnlyList<UserView>> Handle(ListUsers request, CancellationToken cancellationToken)
    {
        var units = await actor.ReachableUnitsAsync(cancellationToken);
        var users = db.Set<UserAccount>().AsNoTracking();
        if (units is not null)
            users = users.Where(u => u.UnitId != null && units.Contains(u.UnitId.Value));
        var list = await users.OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        return list.ConvertAll(u => u.ToView());
    }
}
