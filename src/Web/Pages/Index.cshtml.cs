using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AssessmentEngine.Web.Pages;

/// <summary>The home page is the first navigation entry the role has: a leader's dashboard, an officer's own results, an auditor's log.</summary>
public sealed class IndexModel(CurrentActor actor) : PageModel
{
    public IActionResult OnGet() =>
        Navigation.For(actor) is [var first, ..] ? LocalRedirect(first.Href) : LocalRedirect(PagesSetup.ForbiddenPath);
}
