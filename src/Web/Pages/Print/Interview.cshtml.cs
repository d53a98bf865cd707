using AssessmentEngine.Web.Features.Organization;
using AssessmentEngine.Web.Features.Reviews;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AssessmentEngine.Web.Pages.Print;

/// <summary>约谈记录: one interview outcome as a sheet to fill in and sign, with its reason, appointment and what was recorded.</summary>
public sealed class InterviewModel(IMediator mediator, UnitNames unitNames) : PageModel
{
    public OutcomeView? Interview { get; private set; }

    public string Unit { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Interview = (await mediator.Send(new OutcomesToReview(Status: null, Kind: "Interview"), cancellationToken)).FirstOrDefault(o => o.Id == id);
        if (Interview is null)
            return NotFound();
        Unit = await unitNames.OfAsync(Interview.UnitId, cancellationToken) ?? "";
        return Page();
    }
}
