using System.Security.Claims;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>
/// Ends a session whose user was removed or disabled or whose password changed since it signed in, marks one whose
/// password must be changed (<see cref="PasswordChange"/>), and answers API calls
/// with 401/403 instead of redirecting them to a sign-in page.
/// </summary>
internal sealed class SessionCookieEvents(AssessmentDbContext db) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.ReadId(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(ActorClaims.SecurityStamp);
        var current = id is null
            ? null
            : await db.Set<UserAccount>().Where(u => u.Id == id)
                .Select(u => new { u.SecurityStamp, u.MustChangePassword, Disabled = u.DisabledAt != null })
                .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current is null || current.Disabled || !string.Equals(current.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AccountsSetup.CookieScheme);
            return;
        }
        if (current.MustChangePassword)
            PasswordChange.MarkRequired(context.HttpContext);
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
