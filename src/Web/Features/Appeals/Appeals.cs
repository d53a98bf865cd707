using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Reviews;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Appeals;

public sealed record AppealView(
    Guid Id, Guid RunId, string Period, long OfficerId, string RuleName, string Statement, string Status, DateTimeOffset FiledAt,
    string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason, double? AdjustedPoints, Guid AssessmentId, int PublicationNumber);

internal static class AppealViews
{
    public static AppealView View(Appeal a) =>
        new(a.Id, a.RunId, a.Period.Key, a.OfficerId, a.RuleName, a.Statement, a.Status.ToString(), a.FiledAt, a.DecidedBy, a.DecidedAt, a.DecisionReason, a.AdjustedPoints,
            a.AssessmentId, a.PublicationNumber);

    /// <summary>Loads an appeal for a decision, refusing (as not found) one outside the caller's scope; the audit entry concerns the officer's squad.</summary>
    public static async Task<Appeal> ForDecisionAsync(AssessmentDbContext db, CurrentActor actor, AuditLog audit, Guid id, CancellationToken cancellationToken)
    {
        var appeal = await db.Appeals.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw new NotFoundException("AppealNotFound", $"Appeal {id} was not found.", id);
        var squad = await db.Officers.AsNoTracking().Where(o => o.Id == appeal.OfficerId).Select(o => o.SquadId).SingleAsync(cancellationToken);
        if (!await actor.CanReachUnitAsync(squad, cancellationToken))
            throw new NotFoundException("AppealNotFound", $"Appeal {id} was not found.", id);
        audit.Concerning(squad);
        return appeal;
    }
}

/// <summary>
/// An officer appeals the points of one rule of the published results of a period (a result line: officer, rule, period),
/// within the appeal window, with a statement (申诉). Name the period, or the published run (it must still be the one
/// published). An Officer account files for itself; an inspector may file on an officer's behalf.
/// </summary>
[AllowedRoles(Role.Officer, Role.Inspector, Role.Admin)]
public sealed record FileAppeal(Guid? RunId, long OfficerId, [property: StoredIn(typeof(Appeal), nameof(Appeal.RuleName))] string RuleName, [property: StoredIn(typeof(Appeal), nameof(Appeal.Statement))] string Statement, [property: StoredIn(typeof(EvaluationRun), nameof(EvaluationRun.Period))] string? Period = null) : ICommand<AppealView>, IAuditedCommand, IOfficerScoped, IValidatable
{
    long? IOfficerScoped.OfficerId => OfficerId;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (RunId is null && string.IsNullOrWhiteSpace(Period))
            errors.Add(nameof(Period), "AppealPeriodRequired", "Name the period appealed (2026-10) or its published run.");
        if (string.IsNullOrWhiteSpace(RuleName))
            errors.Add(nameof(RuleName), "AppealRuleNameRequired", "Name the rule whose points are appealed.");
        if (string.IsNullOrWhiteSpace(Statement))
            errors.Add(nameof(Statement), "AppealStatementMissing", "An appeal needs a statement (申诉理由).");
        else if (Statement.Length > 4000)
            errors.Add(nameof(Statement), "AppealStatementTooLong", "A statement has at most 4000 characters.", 4000);
    }
}

internal sealed class FileAppealHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<FileAppeal, AppealView>
{
    public async ValueTask<AppealView> Handle(FileAppeal request, CancellationToken cancellationToken)
    {
        var assessment = await Reviews.Assessments.ResolveAsync(db, request.Period, request.RunId, cancellationToken);
        if (request.RunId is { } runId && runId != assessment.PublishedRunId)
        {
            throw assessment.PublishedRunId is { } published
                ? new DomainConflictException("AppealAgainstUnpublishedRun", $"Run {runId} is not the published run of {assessment.Period} (run {published} is); appeal the published results.", runId, assessment.Period, published)
                : new DomainConflictException("AppealBeforePublication", $"{assessment.Period} is {assessment.Publication}; appeals are filed only against published results (公示).", assessment.Period);
        }
        var publishedRun = assessment.PublishedRunId ?? assessment.CurrentRunId;
        var result = await db.OfficerResults.AsNoTracking().SingleOrDefaultAsync(r => r.RunId == publishedRun && r.OfficerId == request.OfficerId, cancellationToken);
        if (result is null || !await actor.CanReachUnitAsync(result.SquadId, cancellationToken))
            throw new NotFoundException("OfficerHasNoResult", $"Officer {request.OfficerId} has no result in {assessment.Period}.", request.OfficerId, assessment.Period);
        if (!result.Lines.Any(l => string.Equals(l.RuleName, request.RuleName, StringComparison.Ordinal)))
            throw new ValidationException(nameof(request.RuleName), "AppealRuleScoredNothing", $"Rule '{request.RuleName}' gave officer {result.BadgeNumber} no points in {assessment.Period}; only a rule that scored can be appealed.", request.RuleName, result.BadgeNumber, assessment.Period);
        var earlier = await db.Appeals.AsNoTracking().Where(a => a.AssessmentId == assessment.Id && a.OfficerId == request.OfficerId).ToListAsync(cancellationToken);
        var changed = await db.PublicationChanges.AsNoTracking().AnyAsync(
            c => c.AssessmentId == assessment.Id && c.PublicationNumber == assessment.PublicationNumber && c.SubjectKind == SubjectKind.Officer && c.SubjectId == request.OfficerId, cancellationToken);
        var appeal = assessment.FileAppeal(request.OfficerId, request.RuleName, request.Statement, earlier, changed, clock.GetUtcNow());
        db.Appeals.Add(appeal);
        var view = AppealViews.View(appeal);
        audit.Concerning(result.SquadId).Describe(nameof(Appeal), appeal.Id, null, view);
        return view;
    }
}

/// <summary>Appeals visible to the caller, across every run of their period: an Officer account sees its own; others, those of officers in their scope.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor, Role.Officer)]
public sealed record ListAppeals(Guid? RunId = null, string? Status = null, string? Period = null) : IRequest<IReadOnlyList<AppealView>>;

internal sealed class ListAppealsHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<ListAppeals, IReadOnlyList<AppealView>>
{
    public async ValueTask<IReadOnlyList<AppealView>> Handle(ListAppeals request, CancellationToken cancellationToken)
    {
        var query = db.Appeals.AsNoTracking();
        if (request.RunId is { } runId)
        {
            // A run names its period assessment: its appeals outlive the run.
            var assessmentId = await db.EvaluationRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => (Guid?)r.AssessmentId).SingleOrDefaultAsync(cancellationToken);
            query = query.Where(a => a.AssessmentId == assessmentId);
        }
        if (request.Period is { } text)
        {
            var period = Results.PublishedResults.ParsePeriod(text);
            query = query.Where(a => a.Period == period);
        }
        if (request.Status is { } statusText && Enum.TryParse<AppealStatus>(statusText, ignoreCase: true, out var status))
            query = query.Where(a => a.Status == status);
        if (actor.Role == Role.Officer)
            query = query.Where(a => a.OfficerId == actor.OfficerId);
        var reachable = await actor.ReachableUnitsAsync(cancellationToken);
        var squads = await db.Officers.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.SquadId, cancellationToken);
        return (await query.OrderBy(a => a.FiledAt).ToListAsync(cancellationToken))
            .Where(a => reachable is null || reachable.Contains(squads[a.OfficerId]))
            .Select(AppealViews.View).ToList();
    }
}

/// <summary>
/// An inspector upholds an appeal: the officer's points on that rule change by <see cref="Points"/> through an audited
/// manual adjustment keyed by the appeal, which every later run of the period applies once.
/// </summary>
[AllowedRoles(Role.Inspector, Role.Admin)]
public sealed record UpholdAppeal(Guid AppealId, double Points, [property: StoredIn(typeof(Appeal), nameof(Appeal.DecisionReason))] string Reason) : ICommand<AppealView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Reason))
            errors.Add(nameof(Reason), "UpholdReasonRequired", "Upholding an appeal needs a reason.");
        if (Points == 0 || double.IsNaN(Points) || Math.Abs(Points) > 100)
            errors.Add(nameof(Points), "AdjustmentOutOfRange", "The adjustment is a non-zero number of points between −100 and 100.", -100, 100);
    }
}

internal sealed class UpholdAppealHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<UpholdAppeal, AppealView>
{
    public async ValueTask<AppealView> Handle(UpholdAppeal request, CancellationToken cancellationToken)
    {
        var appeal = await AppealViews.ForDecisionAsync(db, actor, audit, request.AppealId, cancellationToken);
        var before = AppealViews.View(appeal);
        var adjustment = appeal.Uphold(request.Points, request.Reason, actor.Name, clock.GetUtcNow());
        db.ManualAdjustments.Add(adjustment);
        var after = AppealViews.View(appeal);
        audit.Describe(nameof(Appeal), appeal.Id, before, after);
        return after;
    }
}

/// <summary>An inspector rejects an appeal; the reason is required.</summary>
[AllowedRoles(Role.Inspector, Role.Admin)]
public sealed record RejectAppeal(Guid AppealId, [property: StoredIn(typeof(Appeal), nameof(Appeal.DecisionReason))] string Reason) : ICommand<AppealView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Reason))
            errors.Add(nameof(Reason), "AppealRejectReasonRequired", "Rejecting an appeal needs a reason.");
    }
}

internal sealed class RejectAppealHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<RejectAppeal, AppealView>
{
    public async ValueTask<AppealView> Handle(RejectAppeal request, CancellationToken cancellationToken)
    {
        var appeal = await AppealViews.ForDecisionAsync(db, actor, audit, request.AppealId, cancellationToken);
        var before = AppealViews.View(appeal);
        appeal.Reject(request.Reason, actor.Name, clock.GetUtcNow());
        var after = AppealViews.View(appeal);
        audit.Describe(nameof(Appeal), appeal.Id, before, after);
        return after;
    }
}
