using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Results;

public sealed record TrendPoint(string Period, double Score, string Grade, int Rank, int PeerGroupSize, bool Vetoed);

/// <summary>An officer's results over the 12 months up to and including <see cref="To"/>, oldest first; months without a run are absent.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor, Role.Officer)]
public sealed record OfficerTrend(long OfficerId, string To) : IRequest<IReadOnlyList<TrendPoint>>, IOfficerScoped
{
    long? IOfficerScoped.OfficerId => OfficerId;
}

internal sealed class OfficerTrendHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<OfficerTrend, IReadOnlyList<TrendPoint>>
{
    public async ValueTask<IReadOnlyList<TrendPoint>> Handle(OfficerTrend request, CancellationToken cancellationToken)
    {
        var to = PublishedResults.ParsePeriod(request.To);
        var officer = await db.Officers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OfficerId, cancellationToken);
        if (officer is null || !await actor.CanReachUnitAsync(officer.SquadId, cancellationToken))
            throw new NotFoundException("OfficerNotFound", $"Officer {request.OfficerId} was not found.", request.OfficerId);
        var months = to.PreviousMonths(11).Append(to).ToHashSet();
        var runs = (await Evaluations.LatestRuns.ByPeriodAsync(db, cancellationToken))
            .Where(p => months.Contains(p.Key))
            .ToDictionary(p => p.Value.Id, p => p.Key);
        var runIds = runs.Keys.ToList();
        var results = await db.OfficerResults.AsNoTracking().Where(r => r.OfficerId == request.OfficerId && runIds.Contains(r.RunId)).ToListAsync(cancellationToken);
        return results.OrderBy(r => runs[r.RunId])
            .Select(r => new TrendPoint(runs[r.RunId].Key, r.Score, r.Grade, r.Rank, r.PeerGroupSize, r.Vetoed))
            .ToList();
    }
}
