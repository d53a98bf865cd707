using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Results;

public sealed record SquadRow(long SquadId, string Squad, long BrigadeId, string Brigade, double Score, double AverageOfficerScore, string Grade, int Rank, int Squads, bool Vetoed);

public sealed record SquadRankingView(Guid RunId, string Period, IReadOnlyList<SquadRow> Squads);

/// <summary>A period's squads ranked within their brigades, within the caller's scope.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor)]
public sealed record SquadRanking(string Period, long? BrigadeId = null) : IRequest<SquadRankingView>;

internal sealed class SquadRankingHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<SquadRanking, SquadRankingView>
{
    public async ValueTask<SquadRankingView> Handle(SquadRanking request, CancellationToken cancellationToken)
    {
        if (actor.Role == Role.Officer)
            throw new NotFoundException("SquadRankingsForLeadership", "Squad rankings are for leadership and inspectors.");
        var run = await PublishedResults.LatestRunAsync(db, PublishedResults.ParsePeriod(request.Period), cancellationToken);
        var reachable = await actor.ReachableUnitsAsync(cancellationToken);
        if (request.BrigadeId is { } brigadeId && reachable is not null && !reachable.Contains(brigadeId))
            throw new NotFoundException("UnitNotFound", $"Unit {brigadeId} was not found.", brigadeId);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, cancellationToken);
        var results = await db.SquadResults.AsNoTracking().Where(r => r.RunId == run.Id).ToListAsync(cancellationToken);
        var rows = results
            .Where(r => request.BrigadeId is null || r.BrigadeId == request.BrigadeId)
            .Where(r => reachable is null || reachable.Contains(r.SquadId))
            .OrderBy(r => units[r.BrigadeId].Code, StringComparer.Ordinal).ThenBy(r => r.Rank).ThenBy(r => units[r.SquadId].Code, StringComparer.Ordinal)
            .Select(r => new SquadRow(r.SquadId, units[r.SquadId].Name, r.BrigadeId, units[r.BrigadeId].Name, Math.Round(r.Score, 4), Math.Round(r.AverageOfficerScore, 4), r.Grade, r.Rank, r.PeerGroupSize, r.Vetoed))
            .ToList();
        return new SquadRankingView(run.Id, run.Period.Key, rows);
    }
}
