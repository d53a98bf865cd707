using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>An admin disables an account: it cannot sign in and its open sessions end. Nobody disables their own account.</summary>
[AllowedRoles(Role.Admin)]
public sealed record DisableUser(long UserId) : ICommand<UserView>, IAuditedCommand;

/// <summary>An admin enables a disabled account again; it signs in with the password it had.</summary>
[AllowedRoles(Role.Admin)]
public sealed record EnableUser(long UserId) : ICommand<UserView>, IAuditedCommand;

internal sealed class DisableUserHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock, SessionCache sessions)
    : IRequestHandler<DisableUser, UserView>, IRequestHandler<EnableUser, UserView>
{
    public async ValueTask<UserView> Handle(DisableUser request, CancellationToken cancellationToken)
    {
        var user = await db.FindUserInScopeAsync(actor, request.UserId, cancellationToken);
        if (actor.Kind == ActorKind.User && actor.Id == user.Id)
            throw new ConflictException("CannotDisableSelf", "You cannot disable your own account: another administrator has to.");
        var before = user.ToView();
        user.Disable(clock.GetUtcNow().UtcDateTime);
        sessions.ForgetUser(user.Id); // this node at once; the others when their entries expire
        var after = user.ToView();
        audit.Concerning(user.UnitId).Describe(nameof(UserAccount), user.Id, before, after);
        return after;
    }

    public async ValueTask<UserView> Handle(EnableUser request, CancellationToken cancellationToken)
    {
        var user = await db.FindUserInScopeAsync(actor, request.UserId, cancellationToken);
        var before = user.ToView();
        user.Enable();
        var after = user.ToView();
        audit.Concerning(user.UnitId).Describe(nameof(UserAccount), user.Id, before, after);
        return after;
    }
}
