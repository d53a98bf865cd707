using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AssessmentEngine.Web.Pages.Rules;

/// <summary>规则: every scheme with the version in force, the newest version and how many drafts wait.</summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<SchemeView> Schemes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Schemes = await mediator.Send(new ListRuleSets(), cancellationToken);

    public static RuleSetVersionView? InForce(SchemeView scheme) =>
        scheme.InForceNumber is { } number ? scheme.Versions.FirstOrDefault(v => v.Number == number) : null;

    public static int Drafts(SchemeView scheme) => scheme.Versions.Count(v => v.Status == RuleSetStatus.Draft);
}
