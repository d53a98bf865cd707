using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AssessmentEngine.Web.Pages.Officers;

/// <summary>
/// Placeholder (issue #7 phase 2). An Officer sees only their own profile; another officer's is "not found", as on the API.
/// Unit scope for the other roles comes from the mediator requests the page will send (GetOfficerResult, OfficerTrend).
/// </summary>
public sealed class ProfileModel(CurrentActor actor) : PageModel
{
    public long Id { get; private set; }

    public IActionResult OnGet(long id)
    {
        if (!actor.CanSeeOfficer(id))
            return NotFound();
        Id = id;
        return Page();
    }
}
