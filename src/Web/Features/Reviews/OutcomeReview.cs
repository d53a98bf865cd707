using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Reviews;

public sealed record OutcomeView(
    Guid Id, Guid RunId, string Period, string Kind, string SubjectKind, long SubjectId, string Subject, long UnitId, string? Level, string Reason, string Status,
    DateTimeOffset ProposedAt, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? RejectionReason, string? Interviewer, DateTimeOffset? ScheduledFor, DateTimeOffset? HeldAt, string? Notes);

/// <summary>The review queue: outcomes of completed runs, by default the proposed ones, within the caller's scope.</summary>
[AllowedRoles(Role.Admin, Role.Leader, Role.Inspector, Role.Auditor)]
public sealed record OutcomesToReview(string? Period = null, string? Status = "Proposed", string? Kind = null) : IRequest<IReadOnlyList<OutcomeView>>;

internal sealed class OutcomesToReviewHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<OutcomesToReview, IReadOnlyList<OutcomeView>>
{
    public async ValueTask<IReadOnlyList<OutcomeView>> Handle(OutcomesToReview request, CancellationToken cancellationToken)
    {
        var runs = await db.EvaluationRuns.AsNoTracking().Where(r => r.Status == RunStatus.Completed).ToListAsync(cancellationToken);
        if (request.Period is not null)
        {
            var period = Results.PublishedResults.ParsePeriod(request.Period);
            runs = runs.Where(r => r.Period == period).ToList();
        }
        var runIds = runs.Select(r => r.Id).ToList();
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => runIds.Contains(o.RunId)).ToListAsync(cancellationToken);
        if (request.Status is { } status && Enum.TryParse<OutcomeStatus>(status, ignoreCase: true, out var wanted))
            outcomes = outcomes.Where(o => o.Status == wanted).ToList();
        if (request.Kind is { } kind && Enum.TryParse<OutcomeKind>(kind, ignoreCase: true, out var wantedKind))
            outcomes = outcomes.Where(o => o.Kind == wantedKind).ToList();
        var views = await OutcomeViews.ForAsync(db, actor, outcomes, runs.ToDictionary(r => r.Id), cancellationToken);
        return views.OrderBy(v => v.Period, StringComparer.Ordinal).ThenBy(v => v.Kind, StringComparer.Ordinal).ThenBy(v => v.Subject, StringComparer.Ordinal).ToList();
    }
}

internal static class OutcomeViews
{
    public static async Task<List<OutcomeView>> ForAsync(AssessmentDbContext db, CurrentActor actor, IEnumerable<Outcome> outcomes, IReadOnlyDictionary<Guid, EvaluationRun> runs, CancellationToken cancellationToken)
    {
        var reachable = await actor.ReachableUnitsAsync(cancellationToken);
        var officers = await db.Officers.AsNoTracking().ToDictionaryAsync(o => o.Id, o => (o.Name, o.BadgeNumber, o.SquadId), cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
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
            views.Add(new OutcomeView(o.Id, o.RunId, runs[o.RunId].Period.Key, o.Kind.ToString(), o.SubjectKind.ToString(), o.SubjectId, subject, unit, o.Level?.ToString(), o.Reason, o.Status.ToString(),
                o.ProposedAt, o.ReviewedBy, o.ReviewedAt, o.RejectionReason, o.Interviewer, o.ScheduledFor, o.HeldAt, o.Notes));
        }
        return views;
    }

    /// <summary>Loads an outcome for a change, refusing (as not found) one outside the caller's scope.</summary>
    public static async Task<(Outcome Outcome, OutcomeView Before)> ForChangeAsync(AssessmentDbContext db, CurrentActor actor, Guid id, CancellationToken cancellationToken)
    {
        var outcome = await db.Outcomes.SingleOrDefaultAsync(o => o.Id == id, cancellationToken) ?? throw new NotFoundException("Outcome", id);
        var run = await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == outcome.RunId, cancellationToken);
        var view = (await ForAsync(db, actor, [outcome], new Dictionary<Guid, EvaluationRun> { [run.Id] = run }, cancellationToken)).SingleOrDefault()
            ?? throw new NotFoundException("Outcome", id);
        return (outcome, view);
    }

    public static async Task<OutcomeView> ViewAsync(AssessmentDbContext db, CurrentActor actor, Outcome outcome, CancellationToken cancellationToken)
    {
        var run = await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == outcome.RunId, cancellationToken);
        return (await ForAsync(db, actor, [outcome], new Dictionary<Guid, EvaluationRun> { [run.Id] = run }, cancellationToken)).Single();
    }
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
public sealed record RejectOutcome(Guid OutcomeId, string Reason) : ICommand<OutcomeView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Reason))
            errors.Add(nameof(Reason), "A rejection needs a reason (驳回须说明理由).");
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

/// <summary>An approved interview is scheduled: who holds it, when, at which level.</summary>
[AllowedRoles(Role.Admin, Role.Leader)]
public sealed record ScheduleInterview(Guid OutcomeId, string Interviewer, DateTimeOffset At, InterviewLevel Level) : ICommand<OutcomeView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Interviewer))
            errors.Add(nameof(Interviewer), "Name who holds the interview.");
    }
}

internal sealed class ScheduleInterviewHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit) : IRequestHandler<ScheduleInterview, OutcomeView>
{
    public async ValueTask<OutcomeView> Handle(ScheduleInterview request, CancellationToken cancellationToken)
    {
        var (outcome, before) = await OutcomeViews.ForChangeAsync(db, actor, request.OutcomeId, cancellationToken);
        outcome.Schedule(request.Interviewer, request.At, request.Level);
        await db.SaveChangesAsync(cancellationToken);
        var after = await OutcomeViews.ViewAsync(db, actor, outcome, cancellationToken);
        audit.Concerning(after.UnitId).Describe(nameof(Outcome), outcome.Id, before, after);
        return after;
    }
}

/// <summary>A scheduled interview was held; the notes are required.</summary>
[AllowedRoles(Role.Admin, Role.Leader)]
public sealed record RecordInterview(Guid OutcomeId, DateTimeOffset HeldAt, string Notes) : ICommand<OutcomeView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Notes))
            errors.Add(nameof(Notes), "Record what was said in the interview (约谈记录).");
    }
}

internal sealed class RecordInterviewHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit) : IRequestHandler<RecordInterview, OutcomeView>
{
    public async ValueTask<OutcomeView> Handle(RecordInterview request, CancellationToken cancellationToken)
    {
        var (outcome, before) = await OutcomeViews.ForChangeAsync(db, actor, request.OutcomeId, cancellationToken);
        outcome.Hold(request.HeldAt, request.Notes);
        await db.SaveChangesAsync(cancellationToken);
        var after = await OutcomeViews.ViewAsync(db, actor, outcome, cancellationToken);
        audit.Concerning(after.UnitId).Describe(nameof(Outcome), outcome.Id, before, after);
        return after;
    }
}
