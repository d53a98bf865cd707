using AssessmentEngine.Web.Features.Dashboard;
using AssessmentEngine.Web.Features.Results;
using AssessmentEngine.Web.Features.Reviews;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AssessmentEngine.Web.Pages.Print;

/// <summary>公示名单: a unit's results of a published period, ranked, to post on the notice board; a draft period is not printed.</summary>
public sealed class ResultsModel(IMediator mediator) : PageModel
{
    public UnitOption? Unit { get; private set; }

    public AssessmentView? Publication { get; private set; }

    public IReadOnlyList<OfficerRow> Officers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long unitId, string? period, CancellationToken cancellationToken)
    {
        Unit = (await mediator.Send(new UnitsInScope(), cancellationToken)).FirstOrDefault(u => u.Id == unitId);
        if (Unit is null || string.IsNullOrEmpty(period))
            return NotFound();
        try
        {
            Publication = await mediator.Send(new ShowAssessment(period), cancellationToken);
            if (Publication.Publication == "Draft")
                return Page();
            var (brigade, squad) = Unit.Kind switch
            {
                Domain.Organization.UnitKind.Brigade => ((long?)Unit.Id, (long?)null),
                Domain.Organization.UnitKind.Squad => (null, Unit.Id),
                _ => (null, null),
            };
            var officers = new List<OfficerRow>();
            for (var number = 1; ; number++)
            {
                var page = await mediator.Send(new OfficerRanking(period, brigade, squad, Page: number, PageSize: 1000), cancellationToken);
                officers.AddRange(page.Officers);
                if (officers.Count >= page.Total || page.Officers.Count == 0) break;
            }
            // The notice board lists people by unit and rank, as the peer groups rank them.
            Officers = [.. officers.OrderBy(o => o.Brigade, StringComparer.Ordinal).ThenBy(o => o.Squad, StringComparer.Ordinal).ThenBy(o => o.Rank).ThenBy(o => o.BadgeNumber, StringComparer.Ordinal)];
            return Page();
        }
        catch (Exception ex) when (ex is NotFoundException or ValidationException)
        {
            return NotFound();
        }
    }
}
