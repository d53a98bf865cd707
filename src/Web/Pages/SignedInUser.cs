using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Pages;

/// <summary>What the top bar shows about the person signed in: display name, role and the unit their scope starts at.</summary>
public sealed record SignedInUserView(string DisplayName, Role? Role, string? UnitName);

/// <summary>Reads <see cref="SignedInUserView"/> once per request for the layout.</summary>
public sealed class SignedInUser(CurrentActor actor, AssessmentDbContext db, Features.Organization.UnitNames unitNames)
{
    private SignedInUserView? _view;

    public CurrentActor Actor => actor;

    public async Task<SignedInUserView?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (!actor.IsAuthenticated) return null;
        if (_view is not null) return _view;
        var displayName = actor.Kind == ActorKind.User && actor.Id is { } id
            ? await db.Set<UserAccount>().Where(u => u.Id == id).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken)
            : null;
        var unitName = await unitNames.OfAsync(actor.UnitId, cancellationToken);
        return _view = new SignedInUserView(string.IsNullOrWhiteSpace(displayName) ? actor.Name : displayName, actor.Role, unitName);
    }
}
