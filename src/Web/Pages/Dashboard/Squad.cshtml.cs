using AssessmentEngine.Web.Features.Results;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AssessmentEngine.Web.Pages.Dashboard;

/// <summary>A squad from the ranking, drilled down: members' average, every squad rule's points with its records, the members.</summary>
public sealed class SquadModel(IMediator mediator) : PageModel
{
    public SquadResultView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? period, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(period))
            return NotFound();
        try
        {
            View = await mediator.Send(new SquadExplanation(id, period), cancellationToken);
            return Page();
        }
        catch (Exception ex) when (ex is NotFoundException or ValidationException)
        {
            return NotFound();
        }
    }
}
