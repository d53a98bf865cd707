using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AssessmentEngine.Web.Pages.Runs;

/// <summary>Placeholder (issue #7 phase 2) that already shows the pattern: the API's request through the mediator, a table, badges, local times.</summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<RunView> Runs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Runs = await mediator.Send(new ListRuns(null, Take: 20), cancellationToken);
}
