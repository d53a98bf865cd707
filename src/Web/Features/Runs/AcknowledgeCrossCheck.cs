using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>An Admin accepts, with a reason, that the engines disagreed on a run, so that it may be published.</summary>
[AllowedRoles(Role.Admin)]
public sealed record AcknowledgeCrossCheck(Guid RunId, [property: NotStored(2000)] string? Reason) : ICommand<RunCrossCheckView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(!string.IsNullOrWhiteSpace(Reason), "reason", "CrossCheckReasonRequired", "reason says why the run may be published although the engines disagreed.");
    }
}

internal sealed class AcknowledgeCrossCheckHandler(AssessmentDbContext db, SchemeEngines engines, CurrentActor actor, AuditLog audit, TimeProvider clock)
    : IRequestHandler<AcknowledgeCrossCheck, RunCrossCheckView>
{
    public async ValueTask<RunCrossCheckView> Handle(AcknowledgeCrossCheck request, CancellationToken cancellationToken)
    {
        if (!await db.EvaluationRuns.AnyAsync(r => r.Id == request.RunId, cancellationToken))
            throw new NotFoundException("RunNotFound", $"Run {request.RunId} does not exist.", request.RunId);
        var before = await RunCrossCheck.ViewAsync(db, engines, request.RunId, cancellationToken);
        if (!before.Flagged)
            throw new DomainException("NothingToAcknowledge", $"Run {request.RunId}: the engines agreed on every checked subject; there is nothing to acknowledge.");
        if (before.AcknowledgedBy is not null)
            throw new DomainException("AlreadyAcknowledged", $"Run {request.RunId}: the disagreement was already acknowledged by {before.AcknowledgedBy}.", before.AcknowledgedBy);
        db.CrossCheckAcknowledgements.Add(new CrossCheckAcknowledgement { RunId = request.RunId, AcknowledgedBy = actor.Name, AcknowledgedAt = clock.GetUtcNow(), Reason = request.Reason!.Trim() });
        await db.SaveChangesAsync(cancellationToken);
        var after = await RunCrossCheck.ViewAsync(db, engines, request.RunId, cancellationToken);
        audit.Concerning(null).Describe(nameof(EvaluationRun), request.RunId, new { before.AcknowledgedBy, before.Reason }, new { after.AcknowledgedBy, after.Reason, Disagreements = after.Disagreements.Count });
        return after;
    }
}
