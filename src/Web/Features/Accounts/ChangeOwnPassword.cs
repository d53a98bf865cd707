using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Identity;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>A signed-in person changes their own password, proving the current one; other sessions end, this one is renewed by the caller.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Officer, Role.Auditor)]
public sealed record ChangeOwnPassword([property: NotStored(PasswordPolicy.MaxLength)] string CurrentPassword, [property: NotStored(PasswordPolicy.MaxLength)] string NewPassword) : ICommand<UserAccount>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(CurrentPassword))
            errors.Add("currentPassword", "CurrentPasswordRequired", "The current password is required.");
        PasswordPolicy.Check(NewPassword, "newPassword", errors);
        if (!string.IsNullOrEmpty(NewPassword) && NewPassword == CurrentPassword)
            errors.Add("newPassword", "PasswordUnchanged", "The new password must differ from the current one.");
    }

    public override string ToString() => "ChangeOwnPassword";
}

internal sealed class ChangeOwnPasswordHandler(AssessmentDbContext db, CurrentActor actor, IPasswordHasher<UserAccount> hasher, AuditLog audit, SessionCache sessions)
    : IRequestHandler<ChangeOwnPassword, UserAccount>
{
    public async ValueTask<UserAccount> Handle(ChangeOwnPassword request, CancellationToken cancellationToken)
    {
        if (actor.Kind != ActorKind.User || actor.Id is not { } id)
            throw new ConflictException("PasswordChangeNeedsPerson", "Only a person signed in with a password can change it; API tokens are rotated instead.");
        var user = await db.Set<UserAccount>().FindAsync([id], cancellationToken) ?? throw new NotFoundException("UserNotFound", $"User {id} was not found.", id);
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, request.CurrentPassword) == PasswordVerificationResult.Failed)
            throw new ValidationException("currentPassword", "CurrentPasswordWrong", "The current password is wrong.");
        user.ChangePasswordHash(hasher.HashPassword(user, request.NewPassword));
        sessions.ForgetUser(user.Id); // the renewed cookie carries the new stamp
        audit.Concerning(user.UnitId).Describe(nameof(UserAccount), user.Id, null, new { user.Id, user.UserName, passwordChanged = true });
        return user;
    }
}
