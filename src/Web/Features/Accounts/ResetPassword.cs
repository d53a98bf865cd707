using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Identity;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>An admin sets a new password; the account is unlocked, its open sessions end, and the person must change it at the next sign-in.</summary>
[AllowedRoles(Role.Admin)]
public sealed record ResetPassword(long UserId, [property: NotStored(PasswordPolicy.MaxLength)] string NewPassword) : ICommand<UserView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors) => PasswordPolicy.Check(NewPassword, "newPassword", errors);

    public override string ToString() => $"ResetPassword {{ UserId = {UserId} }}";
}

internal sealed class ResetPasswordHandler(AssessmentDbContext db, CurrentActor actor, IPasswordHasher<UserAccount> hasher, AuditLog audit, SessionCache sessions)
    : IRequestHandler<ResetPassword, UserView>
{
    public async ValueTask<UserView> Handle(ResetPassword request, CancellationToken cancellationToken)
    {
        var user = await db.FindUserInScopeAsync(actor, request.UserId, cancellationToken);
        var before = user.ToView();
        user.ChangePasswordHash(hasher.HashPassword(user, request.NewPassword), mustChange: true);
        sessions.ForgetUser(user.Id); // this node at once; the others when their entries expire
        // The password itself is never audited; the entry records that it changed.
        audit.Concerning(user.UnitId).Describe(nameof(UserAccount), user.Id, before, new { user.Id, user.UserName, passwordChanged = true, user.MustChangePassword, user.LockedUntil });
        return user.ToView();
    }
}

internal static class UserLookup
{
    /// <summary>The user, if it exists and lies in the actor's unit subtree; otherwise "not found", either way.</summary>
    public static async Task<UserAccount> FindUserInScopeAsync(this AssessmentDbContext db, CurrentActor actor, long userId, CancellationToken cancellationToken)
    {
        var user = await db.Set<UserAccount>().FindAsync([userId], cancellationToken);
        if (user is null || !await actor.CanReachUnitAsync(user.UnitId, cancellationToken))
            throw new NotFoundException("UserNotFound", $"User {userId} was not found.", userId);
        return user;
    }
}
