using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Account;

/// <summary>
/// 修改密码: everyone changes their own password here; a session whose password an administrator chose is held here
/// (<see cref="PasswordChange"/>) until it is changed, then goes on to where it was going.
/// </summary>
public sealed class PasswordModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Required => PasswordChange.IsRequired(HttpContext);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!string.Equals(NewPassword, ConfirmPassword, StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(ConfirmPassword), t["Password.Mismatch"]);
            return Page();
        }
        try
        {
            var user = await mediator.Send(new ChangeOwnPassword(CurrentPassword ?? "", NewPassword ?? ""), cancellationToken);
            await SessionCookie.RenewAsync(HttpContext, user);
        }
        catch (ValidationException invalid)
        {
            Refusals.AddTo(ModelState, t, invalid, field => char.ToUpperInvariant(field[0]) + field[1..]);
            return Page();
        }
        return LocalRedirect(PagesSetup.LocalOrHome(Url, ReturnUrl));
    }
}
