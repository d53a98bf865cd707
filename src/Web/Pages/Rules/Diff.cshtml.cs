using AssessmentEngine.Domain;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Rules;

/// <summary>Two versions of a scheme side by side, rule by rule (DiffRuleSetVersions); by default the one in force against the newest.</summary>
public sealed class DiffModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public string Scheme { get; private set; } = string.Empty;

    public SchemeView View { get; private set; } = null!;

    public int From { get; private set; }

    public int To { get; private set; }

    public RuleSetDiff? Diff { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string scheme, int? from, int? to, CancellationToken cancellationToken)
    {
        Scheme = scheme;
        var schemes = await mediator.Send(new ListRuleSets(), cancellationToken);
        if (schemes.FirstOrDefault(s => string.Equals(s.Name, scheme, StringComparison.Ordinal)) is not { Versions.Count: > 0 } view)
            return NotFound();
        View = view;
        To = to ?? view.Versions[0].Number;
        From = from ?? (view.InForceNumber is { } inForce && inForce != To ? inForce : Math.Max(1, To - 1));
        try
        {
            Diff = await mediator.Send(new DiffRuleSetVersions(scheme, From, To), cancellationToken);
        }
        catch (Exception ex) when (ex is DomainException or NotFoundException)
        {
            Error = Refusals.Text(t, ex);
        }
        return Page();
    }
}
