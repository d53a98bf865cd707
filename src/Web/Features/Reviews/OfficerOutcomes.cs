using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Reviews;

/// <summary>
/// One officer's outcomes of a period — proposed warnings, interviews with their appointments, commendations — for the
/// officer's own page: an Officer reads only their own, the others within their units.
/// </summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor, Role.Officer)]
public sealed record OfficerOutcomes(long OfficerId, string Period) : IRequest<IReadOnlyList<OutcomeView>>, IOfficerScoped
{
    long? IOfficerScoped.OfficerId => OfficerId;
}

internal sealed class OfficerOutcomesHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<OfficerOutcomes, IReadOnlyList<OutcomeView>>
{
    public async ValueTask<IReadOnlyList<OutcomeView>> Handle(OfficerOutcomes request, CancellationToken cancellationToken)
    {
        var period = Results.PublishedResults.ParsePeriod(request.Period);
        var assessments = (await db.PeriodAssessments.AsNoTracking().ToListAsync(cancellationToken))
            .Where(a => a.Period == period).ToDictionary(a => a.Id);
        var assessmentIds = assessments.Keys.ToList();
        // Withdrawn proposals are not the officer's business: only live ones are shown.
        var outcomes = await db.Outcomes.AsNoTracking()
            .Where(o => assessmentIds.Contains(o.AssessmentId) && o.WithdrawnByRunId == null && o.SubjectKind == SubjectKind.Officer && o.SubjectId == request.OfficerId)
            .ToListAsync(cancellationToken);
        return [.. (await OutcomeViews.ForAsync(db, actor, outcomes, assessments, cancellationToken)).OrderBy(v => v.ProposedAt)];
    }
}
