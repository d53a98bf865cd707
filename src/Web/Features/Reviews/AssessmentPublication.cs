using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Results;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Reviews;

/// <summary>Where the period's assessment stands: draft, published (公示) until the end of its appeal window, or final.</summary>
[AllowedRoles(Role.Admin, Role.Leader, Role.Inspector, Role.Auditor)]
public sealed record ShowAssessment(string Period) : IRequest<AssessmentView>;

internal sealed class ShowAssessmentHandler(AssessmentDbContext db) : IRequestHandler<ShowAssessment, AssessmentView>
{
    public async ValueTask<AssessmentView> Handle(ShowAssessment request, CancellationToken cancellationToken) =>
        await Assessments.ViewAsync(db, await Assessments.OfPeriodAsync(db, PublishedResults.ParsePeriod(request.Period), tracked: false, cancellationToken), cancellationToken);
}

/// <summary>Every period assessment, newest period first.</summary>
[AllowedRoles(Role.Admin, Role.Leader, Role.Inspector, Role.Auditor)]
public sealed record ListAssessments : IRequest<IReadOnlyList<AssessmentView>>;

internal sealed class ListAssessmentsHandler(AssessmentDbContext db) : IRequestHandler<ListAssessments, IReadOnlyList<AssessmentView>>
{
    public async ValueTask<IReadOnlyList<AssessmentView>> Handle(ListAssessments request, CancellationToken cancellationToken)
    {
        var views = new List<AssessmentView>();
        foreach (var a in (await db.PeriodAssessments.AsNoTracking().ToListAsync(cancellationToken)).OrderByDescending(a => a.Period))
            views.Add(await Assessments.ViewAsync(db, a, cancellationToken));
        return views;
    }
}

/// <summary>
/// Posts the current run's results (公示) and opens the appeal window of N working days (default 3); after a re-run the same
/// request republishes, records the change list and opens a new window for those whose results changed. Proposals still
/// pending need <see cref="ConfirmPending"/>. <see cref="RunId"/>, when given, must be the current run.
/// </summary>
[AllowedRoles(Role.Admin, Role.Leader)]
public sealed record PublishAssessment([property: StoredIn(typeof(EvaluationRun), nameof(EvaluationRun.Period))] string? Period, int AppealWorkingDays = PeriodAssessment.DefaultAppealWorkingDays, bool ConfirmPending = false, Guid? RunId = null)
    : ICommand<AssessmentView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (AppealWorkingDays is < 1 or > 30)
            errors.Add(nameof(AppealWorkingDays), "AppealWindowRange", "The appeal window lasts 1 to 30 working days.", 30);
    }
}

internal sealed class PublishAssessmentHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<PublishAssessment, AssessmentView>
{
    public async ValueTask<AssessmentView> Handle(PublishAssessment request, CancellationToken cancellationToken)
    {
        var assessment = await Assessments.ResolveAsync(db, request.Period, request.RunId, cancellationToken);
        await Assessments.EnsureCoversAsync(actor, assessment.ScopeUnitId, ScopedAct.Publish, assessment.Period, cancellationToken, hideAsNotFound: true);
        if (request.RunId is { } runId)
            assessment.EnsureCurrent(runId);
        var before = await Assessments.ViewAsync(db, assessment, cancellationToken);
        var current = await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == assessment.CurrentRunId, cancellationToken);
        // The engines' cross-check of the run is a blocker of its own, kept with the run's parts (docs/adr/0022).
        await Evaluations.RunCrossCheck.EnsurePublishableAsync(db, current.Id, cancellationToken);
        var changes = await ChangeLists.ComputeAsync(db, assessment, cancellationToken);
        assessment.Publish(current, before.PendingProposals, request.ConfirmPending, clock.GetUtcNow(), WorkingCalendar.WeekdaysOnly, request.AppealWorkingDays);
        db.PublicationChanges.AddRange(changes.Select(c => new PublicationChange
        {
            AssessmentId = assessment.Id,
            PublicationNumber = assessment.PublicationNumber,
            SubjectKind = Enum.Parse<SubjectKind>(c.Delta.SubjectKind),
            SubjectId = c.Delta.SubjectId,
            Label = c.Delta.Label,
            ScoreBefore = c.Delta.ScoreBefore,
            ScoreAfter = c.Delta.ScoreAfter,
            GradeBefore = c.Delta.GradeBefore,
            GradeAfter = c.Delta.GradeAfter,
            RankBefore = c.Delta.RankBefore,
            RankAfter = c.Delta.RankAfter,
            OutcomesBefore = string.Join(",", c.Delta.OutcomesBefore),
            OutcomesAfter = string.Join(",", c.Delta.OutcomesAfter),
        }));
        var after = await Assessments.ViewAsync(db, assessment, cancellationToken);
        audit.Concerning(null).Describe(nameof(PeriodAssessment), assessment.Id, before, after with { PendingProposals = before.PendingProposals });
        return after;
    }
}

/// <summary>Makes published results final once the appeal window has closed, every appeal is decided and no re-run waits for republication.</summary>
[AllowedRoles(Role.Admin, Role.Leader)]
public sealed record FinalizeAssessment([property: StoredIn(typeof(EvaluationRun), nameof(EvaluationRun.Period))] string? Period, Guid? RunId = null) : ICommand<AssessmentView>, IAuditedCommand;

internal sealed class FinalizeAssessmentHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<FinalizeAssessment, AssessmentView>
{
    public async ValueTask<AssessmentView> Handle(FinalizeAssessment request, CancellationToken cancellationToken)
    {
        var assessment = await Assessments.ResolveAsync(db, request.Period, request.RunId, cancellationToken);
        await Assessments.EnsureCoversAsync(actor, assessment.ScopeUnitId, ScopedAct.Finalise, assessment.Period, cancellationToken, hideAsNotFound: true);
        if (request.RunId is { } runId)
            assessment.EnsureCurrent(runId);
        var before = await Assessments.ViewAsync(db, assessment, cancellationToken);
        var undecided = await db.Appeals.CountAsync(a => a.AssessmentId == assessment.Id && a.Status == AppealStatus.Filed, cancellationToken);
        assessment.MakeFinal(clock.GetUtcNow(), undecided);
        var after = await Assessments.ViewAsync(db, assessment, cancellationToken);
        audit.Concerning(null).Describe(nameof(PeriodAssessment), assessment.Id, before, after);
        return after;
    }
}

/// <summary>An administrator reopens a final period, with a reason, so that it can be re-run and republished.</summary>
[AllowedRoles(Role.Admin)]
public sealed record ReopenAssessment([property: StoredIn(typeof(EvaluationRun), nameof(EvaluationRun.Period))] string Period, [property: StoredIn(typeof(PeriodAssessment), nameof(PeriodAssessment.ReopenReason))] string Reason) : ICommand<AssessmentView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Reason))
            errors.Add(nameof(Reason), "ReopenReasonMissing", "Reopening a final period needs a reason.");
    }
}

internal sealed class ReopenAssessmentHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<ReopenAssessment, AssessmentView>
{
    public async ValueTask<AssessmentView> Handle(ReopenAssessment request, CancellationToken cancellationToken)
    {
        var assessment = await Assessments.OfPeriodAsync(db, PublishedResults.ParsePeriod(request.Period), tracked: true, cancellationToken);
        await Assessments.EnsureCoversAsync(actor, assessment.ScopeUnitId, ScopedAct.Reopen, assessment.Period, cancellationToken, hideAsNotFound: true);
        var before = await Assessments.ViewAsync(db, assessment, cancellationToken);
        assessment.Reopen(request.Reason, actor.Name, clock.GetUtcNow());
        var after = await Assessments.ViewAsync(db, assessment, cancellationToken);
        audit.Concerning(null).Describe(nameof(PeriodAssessment), assessment.Id, before, after);
        return after;
    }
}
