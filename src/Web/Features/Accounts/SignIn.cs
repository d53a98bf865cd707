using System.Security.Claims;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>A person's attempt to sign in. Success and failure are both audited; the fifth wrong password in a row locks the account.</summary>
public sealed record SignIn([property: StoredIn(typeof(UserAccount), nameof(UserAccount.UserName))] string UserName, [property: NotStored(PasswordPolicy.MaxLength)] string Password) : ICommand<SignInResult>, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(!string.IsNullOrWhiteSpace(UserName), "userName", "UserNameRequired", "A user name is required.");
        errors.Check(!string.IsNullOrEmpty(Password), "password", "PasswordRequired", "A password is required.");
    }

    public override string ToString() => $"SignIn {{ UserName = {UserName} }}";
}

public enum SignInStatus
{
    SignedIn,
    WrongCredentials,
    LockedOut,

    /// <summary>The password was right, but an administrator disabled the account.</summary>
    Disabled,
}

/// <summary>The outcome of a sign-in; on success, the server-side session the cookie is to name.</summary>
public sealed record SignInResult(SignInStatus Status, UserAccount? Account, DateTime? LockedUntil = null, string? SessionId = null);

/// <summary>The session cookie a successful <see cref="SignIn"/> starts, the same for the API and the sign-in page.</summary>
public static class SessionCookie
{
    public static Task StartAsync(HttpContext http, SignInResult signedIn)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(signedIn);
        var user = signedIn.Account ?? throw new ArgumentException("Only a successful sign-in starts a session.", nameof(signedIn));
        var principal = ActorClaims.Create(AccountsSetup.CookieScheme, ActorKind.User, user.Id, user.UserName, user.Role, user.UnitId, user.OfficerId,
            user.SecurityStamp, signedIn.SessionId);
        return http.SignInAsync(AccountsSetup.CookieScheme, principal);
    }

    /// <summary>Re-issues the cookie of the current session after its owner changed the password: same session, new stamp.</summary>
    public static Task RenewAsync(HttpContext http, UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(user);
        var sessionId = http.User.FindFirstValue(ActorClaims.Session) ?? throw new InvalidOperationException("Only a signed-in session can be renewed.");
        var principal = ActorClaims.Create(AccountsSetup.CookieScheme, ActorKind.User, user.Id, user.UserName, user.Role, user.UnitId, user.OfficerId,
            user.SecurityStamp, sessionId);
        return http.SignInAsync(AccountsSetup.CookieScheme, principal);
    }
}

internal sealed class SignInHandler(AssessmentDbContext db, IPasswordHasher<UserAccount> hasher, AuditLog audit, TimeProvider clock)
    : IRequestHandler<SignIn, SignInResult>
{
    // Verifying against a throwaway hash when the user does not exist keeps the response time from telling which names exist.
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<UserAccount>().HashPassword(null!, Guid.NewGuid().ToString()));

    public async ValueTask<SignInResult> Handle(SignIn request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.Set<UserAccount>().SingleOrDefaultAsync(u => u.UserName == request.UserName.Trim(), cancellationToken);
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash.Value, request.Password);
            audit.Concerning(null).Append("SignInFailed", nameof(UserAccount), null, null, new { reason = "unknown user" }, request.UserName, ActorKind.Anonymous);
            return new SignInResult(SignInStatus.WrongCredentials, null);
        }
        if (user.IsLockedOut(now))
        {
            audit.Concerning(user.UnitId).Append("SignInFailed", nameof(UserAccount), user.Id, null, new { reason = "locked out", lockedUntil = user.ToView().LockedUntil }, request.UserName, ActorKind.Anonymous);
            return new SignInResult(SignInStatus.LockedOut, null, user.ToView().LockedUntil);
        }

        var verification = hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password);
        if (verification == PasswordVerificationResult.Failed)
        {
            var lockedUntil = await CountFailureAsync(user.Id, now, cancellationToken);
            var locked = lockedUntil > now;
            audit.Concerning(user.UnitId).Append("SignInFailed", nameof(UserAccount), user.Id, null,
                new { reason = "wrong password", lockedUntil = locked ? lockedUntil : null }, request.UserName, ActorKind.Anonymous);
            return locked
                ? new SignInResult(SignInStatus.LockedOut, null, lockedUntil)
                : new SignInResult(SignInStatus.WrongCredentials, null);
        }

        // Keeps the stamp: rehashing with stronger parameters is not a password change and must not end other sessions.
        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
            db.Entry(user).Property(u => u.PasswordHash).CurrentValue = hasher.HashPassword(user, request.Password);
        if (user.IsDisabled)
        {
            audit.Concerning(user.UnitId).Append("SignInFailed", nameof(UserAccount), user.Id, null, new { reason = "disabled" }, request.UserName, ActorKind.Anonymous);
            return new SignInResult(SignInStatus.Disabled, null);
        }
        user.RecordSignIn(now);
        // Sessions this user ended are of no further use; dropping them here keeps the table to the open ones.
        await db.Set<UserSession>().Where(s => s.UserId == user.Id && s.EndedAt != null).ExecuteDeleteAsync(cancellationToken);
        var session = UserSession.Start(user.Id, now);
        db.Add(session);
        audit.Concerning(user.UnitId).Append("SignIn", nameof(UserAccount), user.Id, null, null, user.UserName, ActorKind.User);
        return new SignInResult(SignInStatus.SignedIn, user, SessionId: session.Id);
    }

    /// <summary>
    /// Counts a wrong password in one UPDATE, so that guesses sent in parallel cannot overwrite each other's count;
    /// the fifth in a row locks the account. Returns when the account is locked until, if it is.
    /// </summary>
    private async Task<DateTime?> CountFailureAsync(long userId, DateTime now, CancellationToken cancellationToken)
    {
        DateTime? lockUntil = now + UserAccount.LockoutDuration;
        await db.Set<UserAccount>().Where(u => u.Id == userId).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.LockedUntil, u => u.FailedSignIns + 1 >= UserAccount.MaxFailedSignIns ? lockUntil : u.LockedUntil)
            .SetProperty(u => u.FailedSignIns, u => u.FailedSignIns + 1 >= UserAccount.MaxFailedSignIns ? 0 : u.FailedSignIns + 1),
            cancellationToken);
        var lockedUntil = await db.Set<UserAccount>().Where(u => u.Id == userId).Select(u => u.LockedUntil).SingleAsync(cancellationToken);
        return lockedUntil is { } until ? DateTime.SpecifyKind(until, DateTimeKind.Utc) : null;
    }
}
