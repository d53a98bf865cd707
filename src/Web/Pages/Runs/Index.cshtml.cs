using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Runs;

/// <summary>
/// 运行: the run history (status, timings, attempts, node, error, parts), "evaluate a period now" (the same EvaluatePeriod
/// request as POST /api/runs), and for an administrator the recurring jobs with pause, resume and "run now".
/// </summary>
public sealed class IndexModel(IMediator mediator, CurrentActor actor, TimeProvider clock, IStringLocalizer<SharedResource> text, AssessmentDbContext db) : PageModel
{
    /// <summary>Per run: subjects the other engine checked, its disagreements, and who acknowledged them.</summary>
    public IReadOnlyDictionary<Guid, (int Checked, int Disagreements, string? AcknowledgedBy, string? Reason)> CrossChecks { get; private set; } = new Dictionary<Guid, (int, int, string?, string?)>();

    public IReadOnlyList<RunView> Runs { get; private set; } = [];

    /// <summary>The scheduler for an administrator; null otherwise.</summary>
    public SchedulerView? Scheduler { get; private set; }

    public bool IsAdmin => AllowedRoles.Allow<ShowScheduler>(actor.Role);

    /// <summary>The Hangfire dashboard is open to administrators (to act) and inspectors (to read).</summary>
    public bool SeesDashboard => actor.Role is Role.Admin or Role.Inspector;

    public string DashboardPath => SchedulingSetup.DashboardPath;

    /// <summary>What a scheduler action just did, shown once.</summary>
    public string? SchedulerNotice { get; private set; }

    /// <summary>The run just queued from this page, highlighted in the table.</summary>
    public Guid? Queued { get; private set; }

    public string? Period { get; private set; }

    /// <summary>Recent finished months, newest first, offered in the period box.</summary>
    public IReadOnlyList<string> RecentPeriods { get; private set; } = [];

    public bool AnyActive => Runs.Any(r => r.Status is RunStatus.Queued or RunStatus.Running);

    public async Task OnGetAsync(Guid? queued, CancellationToken cancellationToken)
    {
        Queued = queued;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostEvaluateAsync([FromForm] string? period, [FromForm] bool confirm, CancellationToken cancellationToken)
    {
        Period = period?.Trim();
        if (!confirm)
        {
            ModelState.AddModelError("confirm", text["Runs.ConfirmRequired"]);
            await LoadAsync(cancellationToken);
            return Page();
        }
        try
        {
            var run = await mediator.Send(new EvaluatePeriod(Period), cancellationToken);
            return Redirect($"/runs?queued={run.Id}#run-{run.Id}");
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ForbiddenException or Domain.DomainException)
        {
            ModelState.AddModelError("period", Refusals.Text(text, ex)!);
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostPauseAsync(CancellationToken cancellationToken)
    {
        if (!IsAdmin)
            return Forbid();
        await mediator.Send(new PauseScheduler(), cancellationToken);
        SchedulerNotice = text["Runs.PausedNotice"];
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken)
    {
        if (!IsAdmin)
            return Forbid();
        await mediator.Send(new ResumeScheduler(), cancellationToken);
        SchedulerNotice = text["Runs.ResumedNotice"];
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>"Run now" of the monthly or quarterly evaluation for the period before now, as the schedule would.</summary>
    public async Task<IActionResult> OnPostRunNowAsync([FromForm] string? job, CancellationToken cancellationToken)
    {
        if (!IsAdmin)
            return Forbid();
        try
        {
            var fired = await mediator.Send(new TriggerEvaluation(job ?? string.Empty, null), cancellationToken);
            SchedulerNotice = text["Runs.RunNowNotice", fired.Job, fired.Period];
        }
        catch (Exception ex) when (ex is NotFoundException or UnknownPeriodException or Domain.DomainException)
        {
            ModelState.AddModelError("job", Refusals.Text(text, ex)!);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public static string Trigger(RunView run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.SupersedesRunId is not null) return "Rerun";
        return run.ClaimKey.StartsWith("run:", StringComparison.Ordinal) ? "Manual" : "Scheduled";
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Runs = await mediator.Send(new ListRuns(null, Take: 50), cancellationToken);
        var ids = Runs.Select(r => r.Id).ToList();
        var parts = await db.RunParts.AsNoTracking().Where(p => ids.Contains(p.RunId)).Select(p => new { p.RunId, p.CrossChecked, p.DisagreementsJson }).ToListAsync(cancellationToken);
        var acknowledgements = await db.CrossCheckAcknowledgements.AsNoTracking().Where(a => ids.Contains(a.RunId)).ToDictionaryAsync(a => a.RunId, cancellationToken);
        CrossChecks = parts.GroupBy(p => p.RunId).ToDictionary(g => g.Key, g => (
            g.Sum(p => p.CrossChecked),
            g.Sum(p => p.DisagreementsJson is null ? 0 : System.Text.Json.JsonDocument.Parse(p.DisagreementsJson).RootElement.GetArrayLength()),
            acknowledgements.GetValueOrDefault(g.Key)?.AcknowledgedBy,
            acknowledgements.GetValueOrDefault(g.Key)?.Reason));
        if (IsAdmin)
            Scheduler = await mediator.Send(new ShowScheduler(), cancellationToken);
        var month = AssessmentPeriod.MonthContaining(clock.GetUtcNow());
        var recent = new List<string>();
        for (var p = month.Previous; recent.Count < 12; p = p.Previous)
            recent.Add(p.Key);
        RecentPeriods = recent;
        Period ??= recent[0];
    }
}
