using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Organization;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Reviews;

public sealed record OutcomeView(
    Guid Id, Guid RunId, string Period, string Kind, string SubjectKind, long SubjectId, string Subject, long UnitId, string? Level, string Reason, string Status,
    DateTimeOffset ProposedAt, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? RejectionReason, string? Interviewer, DateTimeOffset? ScheduledFor, DateTimeOffset? HeldAt, string? Notes,
    Guid AssessmentId, Guid FirstProposedByRunId, string? ScheduledLevel, bool Live, Guid? WithdrawnByRunId, DateTimeOffset? WithdrawnAt, IReadOnlyList<OutcomeEvent> History,
    string UnitName);

/// <summary>
/// The review queue: one item per proposed outcome of each period assessment, within the caller's scope. By default the
/// live proposals awaiting a decision; status "Withdrawn" lists those the current run no longer proposes, "All" everything.
/// Kind, interview level and unit (the unit and every unit below it) narrow it further.
/// </summary>
[AllowedRoles(Role.Admin, Role.Leader, Role.Inspector, Role.Auditor)]
public sealed record OutcomesToReview(string? Period = null, string? Status = "Proposed", string? Kind = null, string? Level = null, long? UnitId = null)
    : IRequest<IReadOnlyList<OutcomeView>>, IValidatable
{
    /// <summary>The statuses a queue can be filtered by: an outcome's own, and the two views across them.</summary>
    public static readonly IReadOnlyList<string> Statuses = [.. Enum.GetNames<OutcomeStatus>(), "Withdrawn", "All"];

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Status is not null && !Statuses.Contains(Status, StringComparer.OrdinalIgnoreCase))
            errors.Add("status", "UnknownValue", $"Unknown status '{Status}'; one of {string.Join(", ", Statuses)}.", Status, string.Join(", ", Statuses));
        if (Kind is not null && !Enum.TryParse<OutcomeKind>(Kind, ignoreCase: true, out _))
            errors.Add("kind", "UnknownValue", $"Unknown kind '{Kind}'; one of {string.Join(", ", Enum.GetNames<OutcomeKind>())}.", Kind, string.Join(", ", Enum.GetNames<OutcomeKind>()));
        if (Level is not null && !Enum.TryParse<InterviewLevel>(Level, ignoreCase: true, out _))
            errors.Add("level", "UnknownValue", $"Unknown level '{Level}'; one of {string.Join(", ", Enum.GetNames<InterviewLevel>())}.", Level, string.Join(", ", Enum.GetNames<InterviewLevel>()));
    }
}

internal sealed class OutcomesToReviewHandler(AssessmentDbContext db, CurrentActor actor, IUnitHierarchy hierarchy, UnitNames unitNames)
    : IRequestHandler<OutcomesToReview, IReadOnlyList<OutcomeView>>
{
    public async ValueTask<IReadOnlyList<OutcomeView>> Handle(OutcomesToReview request, CancellationToken cancellationToken)
    {
        IReadOnlySet<long>? withinUnit = null;
        if (request.UnitId is { } unitId)
        {
            // A unit outside the caller's scope is answered as one that does not exist, as everywhere.
            if (!await db.Units.AnyAsync(u => u.Id == unitId, cancellationToken) || !await actor.CanReachUnitAsync(unitId, cancellationToken))
                throw new NotFoundException("UnitNotFound", $"Unit {unitId} was not found.", unitId);
            withinUnit = await hierarchy.SubtreeAsync(unitId, cancellationToken);
        }
        var assessments = await db.PeriodAssessments.AsNoTracking().ToListAsync(cancellationToken);
        if (request.Period is not null)
        {
            var period = Results.PublishedResults.ParsePeriod(request.Period);
            assessments = assessments.Where(a => a.Period == period).ToList();
        }
        var ids = assessments.Select(a => a.Id).ToList();
        var query = db.Outcomes.AsNoTracking().Where(o => ids.Contains(o.AssessmentId));
        var status = request.Status;
        if (string.Equals(status, "Withdrawn", StringComparison.OrdinalIgnoreCase))
            query = query.Where(o => o.WithdrawnByRunId != null);
        else if (!string.Equals(status, "All", StringComparison.OrdinalIgnoreCase))
        {
            query = query.Where(o => o.WithdrawnByRunId == null);
            if (status is not null && Enum.TryParse<OutcomeStatus>(status, ignoreCase: true, out var wanted))
                query = query.Where(o => o.Status == wanted);
        }
        if (request.Kind is { } kind && Enum.TryParse<OutcomeKind>(kind, ignoreCase: true, out var wantedKind))
            query = query.Where(o => o.Kind == wantedKind);
        if (request.Level is { } level && Enum.TryParse<InterviewLevel>(level, ignoreCase: true, out var wantedLevel))
            query = query.Where(o => o.Level == wantedLevel);
        var outcomes = await query.ToListAsync(cancellationToken);
        var views = await OutcomeViews.ForAsync(db, actor, outcomes, assessments.ToDictionary(a => a.Id), cancellationToken, await unitNames.AllAsync(cancellationToken));
        return views.Where(v => withinUnit is null || withinUnit.Contains(v.UnitId))
            .OrderBy(v => v.Period, StringComparer.Ordinal).ThenBy(v => v.Kind, StringComparer.Ordinal).ThenBy(v => v.Subject, StringComparer.Ordinal).ToList();
    }
}

internal static class OutcomeViews
{
    public static async Task<List<OutcomeView>> ForAsync(
        AssessmentDbContext db, CurrentActor actor, IEnumerable<Outcome> outcomes, IReadOnlyDictionary<Guid, PeriodAssessment> assessments, CancellationToken cancellationToken,
        IReadOnlyDictionary<long, string>? unitNames = null)
    {
        var reachable = await actor.ReachableUnitsAsync(cancellationToken);
        var officers = await db.Officers.AsNoTracking().ToDictionaryAsync(o => o.Id, o => (o.Name, o.BadgeNumber, o.SquadId), cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        unitNames ??= await new UnitNames(db).AllAsync(cancellationToken);
        var views = new List<OutcomeView>();
        foreach (var o in outcomes)
        {
            var (subject, unit) = o.SubjectKind == SubjectKind.Officer
                ? ($"{officers[o.SubjectId].BadgeNumber} {officers[o.SubjectId].Name}", officers[o.SubjectId].SquadId)
                : (units[o.SubjectId], o.SubjectId);
            if (reachable is not null && !reachable.Contains(unit))
                continue;
            if (actor.Role == Role.Officer && (o.SubjectKind != SubjectKind.Officer || o.SubjectId != actor.OfficerId))
                continue;
            views.Add(new OutcomeView(o.Id, o.LatestRunId, assessments[o.AssessmentId].Period.Key, o.Kind.ToString(), o.SubjectKind.ToString(), o.SubjectId, subject, unit, o.Level?.ToString(), o.Reason,
                o.IsLive ? o.Status.ToString() : "Withdrawn",
                o.ProposedAt, o.ReviewedBy, o.ReviewedAt, o.RejectionReason, o.Interviewer, o.ScheduledFor, o.HeldAt, o.Notes,
                o.AssessmentId, o.RunId, o.ScheduledLevel?.ToString(), o.IsLive, o.WithdrawnByRunId, o.WithdrawnAt, o.History,
                unitNames.TryGetValue(unit, out var unitName) ? unitName : units[unit]));
        }
        return views;
    }

    /// <summary>Loads an outcome for a change, refusing (as not found) one outside the caller's scope.</summary>
    public static async Task<(Outcome Outcome, OutcomeView Before)> ForChangeAsync(AssessmentDbContext db, CurrentActor actor, Guid id, CancellationToken cancellationToken)
    {
        var outcome = await db.Outcomes.SingleOrDefaultAsync(o => o.Id == id, cancellationToken) ?? throw new NotFoundException("OutcomeNotFound", $"Outcome {id} was not found.", id);
        var view = (await ForAsync(db, actor, [outcome], await AssessmentOfAsync(db, outcome, cancellationToken), cancellationToken)).SingleOrDefault()
            ?? throw new NotFoundException("OutcomeNotFound", $"Outcome {id} was not found.", id);
        return (outcome, view);
    }

    public static async Task<OutcomeView> ViewAsync(AssessmentDbContext db, CurrentActor actor, Outcome outcome, CancellationToken cancellationToken) =>
        (await ForAsync(db, actor, [outcome], await AssessmentOfAsync(db, outcome, cancellationToken), cancellationToken)).Single();

    private static async Task<Dictionary<Guid, PeriodAssessment>> AssessmentOfAsync(AssessmentDbContext db, Outcome outcome, CancellationToken cancellationToken) =>
        new() { [outcome.AssessmentId] = await db.PeriodAssessments.AsNoTracking().SingleAsync(a => a.Id == outcome.AssessmentId, cancellationToken) };
}

/// <summary>Leadership approves a proposed commendation, warning or interview.</summary>
[AllowedRoles(Role.Admin, Role.Leader)]
public sealed record ApproveOutcome(Guid OutcomeId) : ICommand<OutcomeView>, IAuditedCommand;

internal sealed class ApproveOutcomeHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<ApproveOutcome, OutcomeView>
{
    public async ValueTask<OutcomeView> Handle(ApproveOutcome request, CancellationToken cancellationToken)
    {
        var (outcome, before) = await OutcomeViews.ForChangeAsync(db, actor, request.OutcomeId, cancellationToken);
        outcome.Approve(actor.Name, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        var after = await OutcomeViews.ViewAsync(db, actor, outcome, cancellationToken);
        audit.Concerning(after.UnitId).Describe(nameof(Outcome), outcome.Id, before, after);
        return after;
    }
}

/// <summary>Leadership rejects a proposed outcome; the reason is required and kept.</summary>
[AllowedRoles(Role.Admin, Role.Leader)]
public sealed record RejectOutcome(Guid OutcomeId, [property: StoredIn(typeof(Outcome), nameof(Outcome.RejectionReason))] string Reason) : ICommand<OutcomeView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Reason))
            errors.Add(nameof(Reason), "RejectReasonMissing", "A rejection needs a reason.");
    }
}

internal sealed class RejectOutcomeHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<RejectOutcome, OutcomeView>
{
    public async ValueTask<OutcomeView> Handle(RejectOutcome request, CancellationToken cancellationToken)
    {
        var (outcome, before) = await OutcomeViews.ForChangeAsync(db, actor, request.OutcomeId, cancellationToken);
        outcome.Reject(actor.Name, request.Reason, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        var after = await OutcomeViews.ViewAsync(db, actor, outcome, cancellationToken);
        audit.Concerning(after.UnitId).Describe(nameof(Outcome), outcome.Id, before, after);
        return after;
    }
}

/// <summary>An approved interview is scheduled: who holds it, when (not in the past), at which level.</summary>
[AllowedRoles(Role.Admin, Role.Leader)]
public sealed record ScheduleInterview(Guid OutcomeId, [property: StoredIn(typeof(Outcome), nameof(Outcome.Interviewer))] string Interviewer, DateTimeOffset At, InterviewLevel Level) : ICommand<OutcomeView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Interviewer))
            errors.Add(nameof(Interviewer), "InterviewerMissing", "Name who holds the interview.");
    }
}

internal sealed class ScheduleInterviewHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<ScheduleInterview, OutcomeView>
{
    public async ValueTask<OutcomeView> Handle(ScheduleInterview request, CancellationToken cancellationToken)
    {
        var (outcome, before) = await OutcomeViews.ForChangeAsync(db, actor, request.OutcomeId, cancellationToken);
        outcome.Schedule(request.Interviewer, request.At, request.Level, actor.Name, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        var after = await OutcomeViews.ViewAsync(db, actor, outcome, cancellationToken);
        audit.Concerning(after.UnitId).Describe(nameof(Outcome), outcome.Id, before, after);
        return after;
    }
}

/// <summary>A scheduled interview was held (not in the future); the notes are required.</summary>
[AllowedRoles(Role.Admin, Role.Leader)]
public sealed record RecordInterview(Guid OutcomeId, DateTimeOffset HeldAt, [property: StoredIn(typeof(Outcome), nameof(Outcome.Notes))] string Notes) : ICommand<OutcomeView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Notes))
            errors.Add(nameof(Notes), "InterviewNotesMissing", "Record what was said in the interview.");
    }
}

internal sealed class RecordInterviewHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<RecordInterview, OutcomeView>
{
    public async ValueTask<OutcomeView> Handle(RecordInterview request, CancellationToken cancellationToken)
    {
        var (outcome, before) = await OutcomeViews.ForChangeAsync(db, actor, request.OutcomeId, cancellationToken);
        outcome.Hold(request.HeldAt, request.Notes, actor.Name, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        var after = await OutcomeViews.ViewAsync(db, actor, outcome, cancellationToken);
        audit.Concerning(after.UnitId).Describe(nameof(Outcome), outcome.Id, before, after);
        return after;
    }
}
