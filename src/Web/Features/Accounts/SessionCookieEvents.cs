using System.Security.Claims;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>
/// Ends a session that was signed out (on any node), whose user was removed or disabled or whose password changed since
/// it signed in, marks one whose password must be changed (<see cref="PasswordChange"/>), and answers API calls with
/// 401/403 instead of redirecting them to a sign-in page. An open session is trusted for the cache lifetime without a
/// database look-up (ADR 21).
/// </summary>
internal sealed class SessionCookieEvents(AssessmentDbContext db, SessionCache cache) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var userId = context.Principal?.ReadId(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(ActorClaims.SecurityStamp);
        var sessionId = context.Principal?.FindFirstValue(ActorClaims.Session);
        var open = await OpenSessionAsync(sessionId, context.HttpContext.RequestAborted);
        if (open is null || open.Disabled || open.UserId != userId || !string.Equals(open.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AccountsSetup.CookieScheme);
            return;
        }
        if (open.MustChangePassword)
            PasswordChange.MarkRequired(context.HttpContext);
    }

    /// <summary>The session if it is open and its user still exists, with the user's current stamp; null otherwise.</summary>
    private async Task<SessionCache.OpenSession?> OpenSessionAsync(string? sessionId, CancellationToken cancellationToken)
    {
        // Cookies from before sessions were stored carry no id: they sign in again.
        if (sessionId is null || sessionId.Length > UserSession.IdLength)
            return null;
        if (cache.TryGet(sessionId, out var cached))
            return cached;
        var open = await db.Set<UserSession>().Where(s => s.Id == sessionId && s.EndedAt == null)
            .Join(db.Set<UserAccount>(), s => s.UserId, u => u.Id, (s, u) => new SessionCache.OpenSession(u.Id, u.SecurityStamp, u.MustChangePassword, u.DisabledAt != null))
            .SingleOrDefaultAsync(cancellationToken);
        if (open is not null)
            cache.Remember(sessionId, open);
        return open;
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        ApiRequests.IsApi(context.Request) ? Status(context, StatusCodes.Status401Unauthorized) : base.RedirectToLogin(context);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        ApiRequests.IsApi(context.Request) ? Status(context, StatusCodes.Status403Forbidden) : base.RedirectToAccessDenied(context);

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
