using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AssessmentEngine.Web.Pages;

/// <summary>The home page is the first navigation entry the role has (a leader's dashboard, an officer's own results), except that an auditor's work starts at the log.</summary>
public sealed class IndexModel(CurrentActor actor) : PageModel
{
    public IActionResult OnGet()
    {
        var entries = Navigation.For(actor);
        var home = (actor.Role == Role.Auditor ? entries.FirstOrDefault(e => e.Href == PageAreas.Audit.Path) : null) ?? (entries.Count > 0 ? entries[0] : null);
        return LocalRedirect(home?.Href ?? PagesSetup.ForbiddenPath);
    }
}
