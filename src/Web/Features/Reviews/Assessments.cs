using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Reviews;

/// <summary>Where a period assessment stands: its current and published runs, publication, appeal window and review counts.</summary>
public sealed record AssessmentView(
    Guid Id,
    string Period,
    long ScopeUnitId,
    Guid? CurrentRunId,
    Guid? PublishedRunId,
    string Publication,
    int PublicationNumber,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? AppealWindowEndsAt,
    DateTimeOffset? FinalizedAt,
    bool HasUnpublishedChanges,
    int PendingProposals,
    DateTimeOffset? ReopenedAt,
    string? ReopenedBy,
    string? ReopenReason)
{
    /// <summary>Kept for clients of the run-based publication: the run whose results the assessment shows.</summary>
    public Guid? RunId => CurrentRunId;
}

/// <summary>Finding, opening and guarding period assessments.</summary>
public static class Assessments
{
    /// <summary>The unit whose subtree a run evaluates: today every run evaluates the whole detachment, its root unit.</summary>
    public static async Task<long> RunScopeAsync(AssessmentDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Units.AsNoTracking().Where(u => u.ParentId == null).OrderBy(u => u.Id).Select(u => (long?)u.Id).FirstOrDefaultAsync(cancellationToken) ?? 0;
    }

    /// <summary>The assessment of <paramref name="period"/>, opened (as a draft with no run) when the period is first evaluated.</summary>
    public static async Task<PeriodAssessment> OpenAsync(AssessmentDbContext db, AssessmentPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await RunScopeAsync(db, cancellationToken);
        var assessment = await db.PeriodAssessments.SingleOrDefaultAsync(a => a.Period == period && a.ScopeUnitId == scope, cancellationToken);
        if (assessment is not null)
            return assessment;
        assessment = PeriodAssessment.Open(period, scope, now);
        db.PeriodAssessments.Add(assessment);
        return assessment;
    }

    /// <summary>The assessment of a period, for reading or a change; 404 when the period was never evaluated.</summary>
    public static async Task<PeriodAssessment> OfPeriodAsync(AssessmentDbContext db, AssessmentPeriod period, bool tracked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await RunScopeAsync(db, cancellationToken);
        var query = tracked ? db.PeriodAssessments : db.PeriodAssessments.AsNoTracking();
        return await query.SingleOrDefaultAsync(a => a.Period == period && a.ScopeUnitId == scope, cancellationToken)
            ?? throw new NotFoundException("NoCompletedRun", $"{period} has no completed evaluation run yet.", period);
    }

    /// <summary>The assessment named by its period, or by one of its runs (the run-based publication routes); 404 otherwise.</summary>
    public static async Task<PeriodAssessment> ResolveAsync(AssessmentDbContext db, string? period, Guid? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (period is not null)
            return await OfPeriodAsync(db, Results.PublishedResults.ParsePeriod(period), tracked: true, cancellationToken);
        var run = await db.EvaluationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken) ?? throw new NotFoundException("RunNotFound", $"Run {runId} does not exist.", runId);
        return await db.PeriodAssessments.SingleOrDefaultAsync(a => a.Id == run.AssessmentId, cancellationToken) ?? throw new NotFoundException("RunNotFound", $"Run {run.Id} does not exist.", run.Id);
    }

    /// <summary>
    /// Publishing, finalising and re-running concern the assessment's whole population: the caller's scope must cover it.
    /// Starting a run creates something, so it is refused (403); an existing assessment outside the scope is not found (404, ADR 6).
    /// </summary>
    public static async Task EnsureCoversAsync(CurrentActor actor, long scopeUnitId, ScopedAct act, AssessmentPeriod period, CancellationToken cancellationToken, bool hideAsNotFound = false)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (await actor.CanReachUnitAsync(scopeUnitId, cancellationToken))
            return;
        var scope = actor.UnitId;
        var said = act switch
        {
            ScopedAct.Publish => CodedMessage.Of("PublishOutsideScope", $"Publishing {period} concerns unit {scopeUnitId} and everything below it; your scope (unit {scope}) does not cover it.", period, scopeUnitId, scope),
            ScopedAct.Finalise => CodedMessage.Of("FinaliseOutsideScope", $"Finalising {period} concerns unit {scopeUnitId} and everything below it; your scope (unit {scope}) does not cover it.", period, scopeUnitId, scope),
            ScopedAct.Reopen => CodedMessage.Of("ReopenOutsideScope", $"Reopening {period} concerns unit {scopeUnitId} and everything below it; your scope (unit {scope}) does not cover it.", period, scopeUnitId, scope),
            _ => CodedMessage.Of("RunOutsideScope", $"A run of {period} concerns unit {scopeUnitId} and everything below it; your scope (unit {scope}) does not cover it.", period, scopeUnitId, scope),
        };
        throw hideAsNotFound ? new NotFoundException(said) : new ForbiddenException(said);
    }

    public static async Task<AssessmentView> ViewAsync(AssessmentDbContext db, PeriodAssessment a, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(a);
        var pending = await PendingAsync(db, a.Id, cancellationToken);
        return new AssessmentView(a.Id, a.Period.Key, a.ScopeUnitId, a.CurrentRunId, a.PublishedRunId, a.Publication.ToString(), a.PublicationNumber, a.PublishedAt,
            a.AppealWindowEndsAt, a.FinalizedAt, a.HasUnpublishedChanges, pending, a.ReopenedAt, a.ReopenedBy, a.ReopenReason);
    }

    public static Task<int> PendingAsync(AssessmentDbContext db, Guid assessmentId, CancellationToken cancellationToken) =>
        db.Outcomes.AsNoTracking().CountAsync(o => o.AssessmentId == assessmentId && o.WithdrawnByRunId == null && o.Status == OutcomeStatus.Proposed, cancellationToken);
}

/// <summary>What a caller does to a whole assessment, for the refusal that says their scope does not cover it.</summary>
public enum ScopedAct
{
    Publish,
    Finalise,
    Reopen,
    Run,
}
