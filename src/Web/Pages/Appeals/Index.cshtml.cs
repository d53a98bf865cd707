using System.Globalization;
using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Appeals;
using AssessmentEngine.Web.Features.Organization;
using AssessmentEngine.Web.Features.Results;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Appeals;

/// <summary>One appeal waiting for a decision, with what the inspector needs to decide it: who, which unit, which rule and its points.</summary>
public sealed record PendingAppeal(AppealView Appeal, string Officer, string Unit, string RuleTitle, double? Points);

/// <summary>
/// 申诉待办: the appeals within the inspector's units that wait for a decision, oldest first, each decided here (uphold
/// with a points adjustment, or reject, a reason either way) or on the officer's profile with the evidence.
/// </summary>
public sealed class IndexModel(IMediator mediator, UnitNames unitNames, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<PendingAppeal> Pending { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    /// <summary>The decision form that was refused; it stays open with its errors and what was typed.</summary>
    public string? ErrorForm { get; private set; }

    public string? Typed { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostUpholdAsync(Guid appealId, string? points, string? reason, CancellationToken cancellationToken)
    {
        var form = Form(appealId);
        if (!double.TryParse(points, NumberStyles.Float, CultureInfo.InvariantCulture, out var adjustment) || adjustment == 0)
            return await RefuseAsync(form, "points", t["Profile.PointsRequired"], reason, cancellationToken);
        if (string.IsNullOrWhiteSpace(reason))
            return await RefuseAsync(form, "reason", t["Profile.DecisionReasonRequired"], reason, cancellationToken);
        return await DecideAsync(form, () => mediator.Send(new UpholdAppeal(appealId, adjustment, reason.Trim()), cancellationToken), "Appeals.Upheld", reason, cancellationToken);
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid appealId, string? reason, CancellationToken cancellationToken)
    {
        var form = Form(appealId);
        if (string.IsNullOrWhiteSpace(reason))
            return await RefuseAsync(form, "reason", t["Profile.DecisionReasonRequired"], reason, cancellationToken);
        return await DecideAsync(form, () => mediator.Send(new RejectAppeal(appealId, reason.Trim()), cancellationToken), "Appeals.Rejected", reason, cancellationToken);
    }

    public static string Form(Guid appealId) => "decide-" + appealId.ToString("N");

    public static string FieldId(string form, string field) => $"{form}-{field}";

    private async Task<IActionResult> DecideAsync(string form, Func<ValueTask<AppealView>> send, string doneKey, string? typed, CancellationToken cancellationToken)
    {
        try
        {
            var appeal = await send();
            Message = t[doneKey, appeal.Period];
            return RedirectToPage();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationException invalid)
        {
            return await RefuseAsync(form, "reason", string.Join(" ", invalid.Coded.Values.SelectMany(v => v).Select(m => Refusals.Text(t, m))), typed, cancellationToken);
        }
        catch (DomainException refused)
        {
            return await RefuseAsync(form, "reason", t["Profile.AppealRefused", Refusals.Text(t, refused)], typed, cancellationToken);
        }
    }

    private async Task<IActionResult> RefuseAsync(string form, string field, string message, string? typed, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(FieldId(form, field), message);
        ErrorForm = form;
        Typed = typed;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var appeals = await mediator.Send(new ListAppeals(Status: nameof(AppealStatus.Filed)), cancellationToken);
        var pending = new List<PendingAppeal>(appeals.Count);
        // One explanation per officer and period gives the rule's title and points; an inbox holds tens of appeals, not thousands.
        var explanations = new Dictionary<(long, string), OfficerResultView?>();
        foreach (var appeal in appeals)
        {
            if (!explanations.TryGetValue((appeal.OfficerId, appeal.Period), out var view))
            {
                try
                {
                    view = await mediator.Send(new OfficerExplanation(appeal.OfficerId, appeal.Period), cancellationToken);
                }
                catch (NotFoundException)
                {
                    view = null;
                }
                explanations[(appeal.OfficerId, appeal.Period)] = view;
            }
            var line = view?.Lines.FirstOrDefault(l => l.RuleName == appeal.RuleName);
            var officer = view is null ? appeal.OfficerId.ToString(CultureInfo.InvariantCulture) : $"{view.Officer.BadgeNumber} {view.Officer.Name}";
            var unit = view is null ? "" : await unitNames.OfAsync(view.Officer.SquadId, cancellationToken) ?? view.Officer.Squad;
            pending.Add(new PendingAppeal(appeal, officer, unit, line?.Title ?? appeal.RuleName, line?.Points));
        }
        Pending = pending;
    }
}
