using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>An admin lifts a lockout before it runs out.</summary>
[AllowedRoles(Role.Admin)]
public sealed record UnlockUser(long UserId) : ICommand<UserView>, IAuditedCommand;

internal sealed class UnlockUserHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit) : IRequestHandler<UnlockUser, UserView>
{
    public async ValueTask<UserView> Handle(UnlockUser request, CancellationToken cancellationToken)
    {
        var user = await db.FindUserInScopeAsync(actor, request.UserId, cancellationToken);
        var before = user.ToView();
        user.Unlock();
        var after = user.ToView();
        audit.Concerning(user.UnitId).Describe(nameof(UserAccount), user.Id, before, after);
        return after;
    }
}
