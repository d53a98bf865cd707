using System.Security.Claims;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>
/// Ends a session whose user was removed or whose password changed since it signed in, and answers API calls
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
            : await db.Set<UserAccount>().Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current is null || !string.Equals(current, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AccountsSetup.CookieScheme);
        }
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
