using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages;

/// <summary>Signs a person in through the same <see cref="SignIn"/> request as POST /api/auth/login: audit, lockout and rate limit included.</summary>
public sealed class SignInModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(UserName))
            ModelState.AddModelError(nameof(UserName), t["SignIn.UserNameRequired"]);
        if (string.IsNullOrEmpty(Password))
            ModelState.AddModelError(nameof(Password), t["SignIn.PasswordRequired"]);
        if (!ModelState.IsValid)
            return Page();

        var result = await mediator.Send(new SignIn(UserName.Trim(), Password), cancellationToken);
        if (result is not { Status: SignInStatus.SignedIn, Account: { } user })
        {
            // One message for an unknown name and a wrong password, so the page does not tell which names exist.
            ModelState.AddModelError(string.Empty, result.Status switch
            {
                SignInStatus.LockedOut => t["SignIn.LockedOut", LocalTime.Format(result.LockedUntil is { } until ? new DateTimeOffset(until, TimeSpan.Zero) : null)],
                SignInStatus.Disabled => t["SignIn.Disabled"],
                _ => t["SignIn.WrongCredentials"],
            });
            Password = "";
            return Page();
        }

        await SessionCookie.StartAsync(HttpContext, result);
        // A password someone else chose is changed before anything else; the page then goes on to where the reader was going.
        if (user.MustChangePassword)
            return LocalRedirect(PasswordChange.PagePath + "?returnUrl=" + Uri.EscapeDataString(PagesSetup.LocalOrHome(Url, ReturnUrl)));
        return LocalRedirect(PagesSetup.LocalOrHome(Url, ReturnUrl));
    }
}
