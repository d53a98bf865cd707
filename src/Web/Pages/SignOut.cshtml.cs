using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AssessmentEngine.Web.Pages;

/// <summary>Ends the session (audited like POST /api/auth/logout); a GET only asks, since signing out changes state.</summary>
public sealed class SignOutModel(IMediator mediator) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new SignOut(), cancellationToken);
        await HttpContext.SignOutAsync(AccountsSetup.CookieScheme);
        return LocalRedirect(PagesSetup.SignInPath);
    }
}
