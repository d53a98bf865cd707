using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Organization;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Reviews;

/// <summary>
/// Leadership approves many proposed outcomes at once: all or none. Every outcome must be in the caller's scope and still
/// proposed; the first that is not is named with why, and nothing is approved. Each approval leaves its own audit entry
/// ("ApproveOutcome"), as if approved one by one. Rejection stays one by one, because each needs its own reason.
/// </summary>
[AllowedRoles(Role.Admin, Role.Leader)]
public sealed record ApproveOutcomes(IReadOnlyList<Guid> OutcomeIds) : ICommand<IReadOnlyList<OutcomeView>>, IValidatable
{
    /// <summary>Two pages of the largest page size: enough for a page selected at once, small enough for one transaction.</summary>
    public const int MaxBatch = 200;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (OutcomeIds is null || OutcomeIds.Count == 0)
            errors.Add("outcomeIds", "BatchEmpty", "Choose at least one outcome to approve.");
        else if (OutcomeIds.Count > MaxBatch)
            errors.Add("outcomeIds", "BatchTooLarge", $"At most {MaxBatch} outcomes can be approved at once; {OutcomeIds.Count} were sent. Send them in smaller batches.", MaxBatch, OutcomeIds.Count);
        else if (OutcomeIds.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1) is { } twice)
            errors.Add("outcomeIds", "BatchDuplicate", $"Outcome {twice.Key} is listed twice.", twice.Key);
    }
}

internal sealed class ApproveOutcomesHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, UnitNames unitNames, TimeProvider clock)
    : IRequestHandler<ApproveOutcomes, IReadOnlyList<OutcomeView>>
{
    public async ValueTask<IReadOnlyList<OutcomeView>> Handle(ApproveOutcomes request, CancellationToken cancellationToken)
    {
        var ids = request.OutcomeIds;
        var outcomes = await db.Outcomes.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var assessmentIds = outcomes.Values.Select(o => o.AssessmentId).Distinct().ToList();
        var assessments = await db.PeriodAssessments.AsNoTracking().Where(a => assessmentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var names = await unitNames.AllAsync(cancellationToken);
        var before = (await OutcomeViews.ForAsync(db, actor, outcomes.Values, assessments, cancellationToken, names)).ToDictionary(v => v.Id);

        // Check every outcome before changing any, so that the refusal names the first one in the caller's order.
        for (var i = 0; i < ids.Count; i++)
        {
            var item = i + 1;
            if (!before.TryGetValue(ids[i], out var view))
                throw new NotFoundException("BatchOutcomeNotFound", $"Outcome {ids[i]} (item {item} of {ids.Count}) was not found or is outside your scope; nothing was approved.", ids[i], item, ids.Count);
            if (!view.Live)
                throw new DomainConflictException("BatchOutcomeWithdrawn",
                    $"Outcome {view.Id} (item {item}, {view.Subject}) was withdrawn by a later run and cannot be approved; nothing was approved.", item, view.Subject);
            if (view.Status != nameof(OutcomeStatus.Proposed))
                throw new DomainException("BatchOutcomeNotProposed",
                    $"Outcome {view.Id} (item {item}, {view.Subject}) is {view.Status}, not Proposed, and cannot be approved; nothing was approved.", item, view.Subject);
        }

        var now = clock.GetUtcNow();
        foreach (var id in ids)
            outcomes[id].Approve(actor.Name, now);
        await db.SaveChangesAsync(cancellationToken);
        var after = await OutcomeViews.ForAsync(db, actor, ids.Select(id => outcomes[id]), assessments, cancellationToken, names);
        foreach (var view in after)
            audit.Concerning(view.UnitId).Append(nameof(ApproveOutcome), nameof(Outcome), view.Id, before[view.Id], view);
        return after;
    }
}
