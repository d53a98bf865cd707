using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AssessmentEngine.Web.Pages;

/// <summary>/culture?c=en&amp;returnUrl=/runs remembers the reader's language for a year and goes back; unknown languages are ignored.</summary>
public sealed class CultureModel : PageModel
{
    public IActionResult OnGet(string? c, string? returnUrl)
    {
        var culture = PagesSetup.Cultures.FirstOrDefault(k => string.Equals(k.Name, c, StringComparison.OrdinalIgnoreCase));
        if (culture is not null)
        {
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        }
        return LocalRedirect(PagesSetup.LocalOrHome(Url, returnUrl));
    }
}
