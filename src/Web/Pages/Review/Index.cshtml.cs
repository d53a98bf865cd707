using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Reviews;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Review;

/// <summary>
/// 评审: the queue of proposed outcomes (<see cref="OutcomesToReview"/>) with approve and reject, interviews scheduled and
/// recorded, the period assessment published (公示), republished after a re-run with its change list, and finalised — the
/// same requests as /api/outcomes and /api/assessments/…,
/// so scope, validation and audit are shared. Every POST redirects back with a status message (PRG); a refused one
/// shows the page again with the reason next to the form.
/// </summary>
public sealed class IndexModel(IMediator mediator, CurrentActor actor, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public static readonly string[] Statuses = ["Proposed", "Approved", "Scheduled", "Held", "Rejected", "Withdrawn", "All"];

    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>Only outcomes of this kind (ExcellentOfficer, Warning, Interview …); none: every kind.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    /// <summary>Only interviews at this level (Squad, Department, Committee); not "level", which the schedule form posts.</summary>
    [BindProperty(SupportsGet = true, Name = "interviewLevel")]
    public string? Level { get; set; }

    /// <summary>Only outcomes of this unit and the units below it.</summary>
    [BindProperty(SupportsGet = true)]
    public long? UnitId { get; set; }

    /// <summary>How many cards a page shows; one of <see cref="PageSizes"/>.</summary>
    [BindProperty(SupportsGet = true, Name = "size")]
    public int? Size { get; set; }

    /// <summary>Which page of the queue ("pg": "page" is Razor Pages' own route value); a month can propose hundreds of outcomes.</summary>
    [BindProperty(SupportsGet = true, Name = "pg")]
    public int PageNumber { get; set; } = 1;

    public const int DefaultPageSize = 20;

    /// <summary>The page sizes offered: a page is what "select all on this page" approves at once.</summary>
    public static readonly int[] PageSizes = [DefaultPageSize, 50, 100];

    public int PageSize => Size is { } size && PageSizes.Contains(size) ? size : DefaultPageSize;

    public static readonly string[] Kinds = Enum.GetNames<OutcomeKind>();

    public static readonly string[] Levels = Enum.GetNames<InterviewLevel>();

    /// <summary>The units the leader may filter by, as a tree, each named with its parents ("一大队·一中队").</summary>
    public IReadOnlyList<Features.Dashboard.UnitOption> Units { get; private set; } = [];

    /// <summary>The proposed outcomes on the page shown: what "select all on this page" approves.</summary>
    public IReadOnlyList<OutcomeView> ApprovableShown => Shown.Where(o => o.Status == nameof(OutcomeStatus.Proposed)).ToList();

    [TempData]
    public string? Message { get; set; }

    public IReadOnlyList<string> Periods { get; private set; } = [];

    /// <summary>Every outcome of the period with the chosen status.</summary>
    public IReadOnlyList<OutcomeView> Outcomes { get; private set; } = [];

    /// <summary>The outcomes of the page shown.</summary>
    public IReadOnlyList<OutcomeView> Shown => Outcomes.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();

    public int PageCount => Math.Max(1, (Outcomes.Count + PageSize - 1) / PageSize);

    /// <summary>The address of page <paramref name="number"/> of the queue, keeping the period, status and filters.</summary>
    public string PageHref(int number) => Here(null, number);

    /// <summary>The address of the queue with status <paramref name="status"/>, keeping the period and filters, from the first page.</summary>
    public string StatusHref(string status) => Here(null, 1, status);

    public AssessmentView? Publication { get; private set; }

    /// <summary>What a re-run changed since publication, shown to leaders before they republish.</summary>
    public ChangeListView? Changes { get; private set; }

    /// <summary>The outcome whose form was refused; its form shows the errors and stays open.</summary>
    public Guid? ErrorFor { get; private set; }

    /// <summary>Which of an outcome's forms was refused: "reject", "schedule" or "record".</summary>
    public string? ErrorForm { get; private set; }

    public bool CanPublish => actor.HasWholeDetachment;

    public string CurrentStatus => Statuses.FirstOrDefault(s => string.Equals(s, Status, StringComparison.OrdinalIgnoreCase)) ?? "Proposed";

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The form action for <paramref name="handler"/>, keeping the period and status shown.</summary>
    public string Action(string handler) => Here(handler);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "approve", () => mediator.Send(new ApproveOutcome(id), cancellationToken), v => t["Review.Approved", v.Subject], cancellationToken);

    /// <summary>
    /// Approves the outcomes ticked (<paramref name="ids"/>), or every proposed one of the page when "select all on this page"
    /// was ticked (<paramref name="shown"/>: the page's proposed outcomes, so that it works without script too). All or none.
    /// </summary>
    public async Task<IActionResult> OnPostApproveManyAsync(List<Guid>? ids, bool all, List<Guid>? shown, CancellationToken cancellationToken)
    {
        var chosen = (all ? shown : ids) ?? [];
        try
        {
            var approved = await mediator.Send(new ApproveOutcomes(chosen.Distinct().ToList()), cancellationToken);
            Message = t["Review.ApprovedMany", approved.Count];
            return Redirect(Here(null));
        }
        catch (NotFoundException)
        {
            ModelState.AddModelError(BatchField, t["Review.BatchNotFound"]);
        }
        catch (ValidationException invalid)
        {
            foreach (var message in invalid.Coded.Values.SelectMany(m => m))
                ModelState.AddModelError(BatchField, Refusals.Text(t, message));
        }
        catch (DomainException refused)
        {
            ModelState.AddModelError(BatchField, Refusals.Text(t, refused));
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The id of the batch approval's form, where its errors are shown.</summary>
    public const string BatchField = "approve-many";

    public Task<IActionResult> OnPostRejectAsync(Guid id, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
            return RefuseAsync(id, "reject", "reason", t["Review.ReasonRequired"], cancellationToken);
        return ActAsync(id, "reject", () => mediator.Send(new RejectOutcome(id, reason.Trim()), cancellationToken), v => t["Review.RejectedMessage", v.Subject], cancellationToken);
    }

    public Task<IActionResult> OnPostScheduleAsync(Guid id, string? interviewer, string? at, InterviewLevel level, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(interviewer))
            return RefuseAsync(id, "schedule", "interviewer", t["Review.InterviewerRequired"], cancellationToken);
        if (!LocalTimeInput.TryParse(at, out var when))
            return RefuseAsync(id, "schedule", "at", t["Review.TimeRequired"], cancellationToken);
        return ActAsync(id, "schedule", () => mediator.Send(new ScheduleInterview(id, interviewer.Trim(), when, level), cancellationToken),
            v => t["Review.ScheduledMessage", v.Subject, LocalTime.Format(when)], cancellationToken);
    }

    public Task<IActionResult> OnPostRecordAsync(Guid id, string? heldAt, string? notes, CancellationToken cancellationToken)
    {
        if (!LocalTimeInput.TryParse(heldAt, out var when))
            return RefuseAsync(id, "record", "heldAt", t["Review.TimeRequired"], cancellationToken);
        if (string.IsNullOrWhiteSpace(notes))
            return RefuseAsync(id, "record", "notes", t["Review.NotesRequired"], cancellationToken);
        return ActAsync(id, "record", () => mediator.Send(new RecordInterview(id, when, notes.Trim()), cancellationToken), v => t["Review.HeldMessage", v.Subject], cancellationToken);
    }

    public async Task<IActionResult> OnPostPublishAsync(Guid runId, int appealDays, bool confirmPending, CancellationToken cancellationToken)
    {
        try
        {
            var published = await mediator.Send(new PublishAssessment(null, appealDays, confirmPending, runId), cancellationToken);
            Message = t["Review.PublishedMessage", published.Period, LocalTime.Format(published.AppealWindowEndsAt)];
            return Redirect(Here(null));
        }
        catch (ValidationException)
        {
            ModelState.AddModelError("appealDays", t["Review.AppealDaysRange"]);
        }
        catch (PendingProposalsException pending)
        {
            ModelState.AddModelError("confirmPending", t["Review.PendingNeedsConfirm", pending.Pending]);
        }
        catch (DomainException refused)
        {
            ModelState.AddModelError(string.Empty, t["Review.Refused", Refusals.Text(t, refused)]);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostFinalizeAsync(Guid runId, CancellationToken cancellationToken)
    {
        try
        {
            var final = await mediator.Send(new FinalizeAssessment(null, runId), cancellationToken);
            Message = t["Review.FinalizedMessage", final.Period];
            return Redirect(Here(null));
        }
        catch (DomainException refused)
        {
            await LoadAsync(cancellationToken);
            // Say first, in the reader's language, what is most often the reason: the appeal window is still open.
            if (Publication is { Publication: "Published", AppealWindowEndsAt: { } ends } && Now < ends)
                ModelState.AddModelError(string.Empty, t["Review.FinalizeWindowOpen", LocalTime.Format(ends)]);
            ModelState.AddModelError(string.Empty, t["Review.Refused", Refusals.Text(t, refused)]);
            return Page();
        }
    }

    private async Task<IActionResult> ActAsync(Guid id, string form, Func<ValueTask<OutcomeView>> send, Func<OutcomeView, string> done, CancellationToken cancellationToken)
    {
        try
        {
            Message = done(await send());
            return Redirect(Here(null));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationException invalid)
        {
            return await RefuseAsync(id, form, invalid.Errors.Keys.FirstOrDefault()?.ToLowerInvariant() ?? "", Refusals.Text(t, invalid), cancellationToken);
        }
        catch (DomainException refused)
        {
            return await RefuseAsync(id, form, "", t["Review.Refused", Refusals.Text(t, refused)], cancellationToken);
        }
    }

    /// <summary>Shows the page again with <paramref name="message"/> on the field of the outcome's form; nothing was changed.</summary>
    private async Task<IActionResult> RefuseAsync(Guid id, string form, string field, string message, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(FieldId(form, field, id), message);
        ErrorFor = id;
        ErrorForm = form;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The id of a field of an outcome's form, e.g. reject-reason-3f2a…; the error summary links to it.</summary>
    public static string FieldId(string form, string field, Guid id) =>
        string.IsNullOrEmpty(field) ? $"{form}-{id:N}" : $"{form}-{field}-{id:N}";

    public bool HasError(string form, string field, Guid id) =>
        ModelState.TryGetValue(FieldId(form, field, id), out var entry) && entry.Errors.Count > 0;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var runs = await mediator.Send(new ListRuns(null, Take: 200), cancellationToken);
        Periods = runs.Where(r => r.Status == RunStatus.Completed).Select(r => r.Period).Distinct().OrderDescending(StringComparer.Ordinal).ToList();
        if (Period is null || !Periods.Contains(Period))
            Period = Periods.Count > 0 ? Periods[0] : null;
        if (Period is null)
            return;
        Units = await mediator.Send(new Features.Dashboard.UnitsInScope(), cancellationToken);
        if (UnitId is { } unit && !Units.Any(u => u.Id == unit))
            UnitId = null;
        if (Kind is not null && !Kinds.Contains(Kind))
            Kind = null;
        if (Level is not null && !Levels.Contains(Level))
            Level = null;
        Outcomes = await mediator.Send(new OutcomesToReview(Period, CurrentStatus, Kind, Level, UnitId), cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Publication = await mediator.Send(new ShowAssessment(Period), cancellationToken);
        if (Publication.HasUnpublishedChanges)
            Changes = await mediator.Send(new ChangeListOf(Period), cancellationToken);
    }

    private string Here(string? handler, int? pageNumber = null, string? status = null)
    {
        var query = new List<string>();
        if (handler is not null) query.Add("handler=" + handler);
        if (Period is not null) query.Add("period=" + Uri.EscapeDataString(Period));
        if ((status ?? Status) is { } shownStatus) query.Add("status=" + Uri.EscapeDataString(shownStatus));
        if (Kind is not null) query.Add("kind=" + Uri.EscapeDataString(Kind));
        if (Level is not null) query.Add("interviewLevel=" + Uri.EscapeDataString(Level));
        if (UnitId is { } unit) query.Add(FormattableString.Invariant($"unitId={unit}"));
        if (PageSize != DefaultPageSize) query.Add(FormattableString.Invariant($"size={PageSize}"));
        if ((pageNumber ?? PageNumber) is var number and > 1) query.Add(FormattableString.Invariant($"pg={number}"));
        return "/review" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }
}
