using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Results;

public sealed record OfficerRow(
    long OfficerId, string BadgeNumber, string Name, string Kind, string Post, long SquadId, string Squad, long BrigadeId, string Brigade,
    double Score, string Grade, int Rank, int PeerGroupSize, double Percentile, bool Vetoed);

public sealed record OfficerRankingPage(Guid RunId, string Period, int Total, IReadOnlyList<OfficerRow> Officers);

/// <summary>A period's officer results ranked by score, filtered by brigade, squad, post and grade, within the caller's scope.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor, Role.Officer)]
public sealed record OfficerRanking(string Period, long? BrigadeId = null, long? SquadId = null, string? Post = null, string? Grade = null, int Page = 1, int PageSize = 100)
    : IRequest<OfficerRankingPage>, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Page < 1) errors.Add(nameof(Page), "PageFromOne", "Pages start at 1.");
        if (PageSize is < 1 or > 1000) errors.Add(nameof(PageSize), "PageSizeRange", "A page holds 1 to 1000 rows.", 1000);
        if (Post is not null && !Enum.TryParse<PostType>(Post, ignoreCase: true, out _))
            errors.Add(nameof(Post), "UnknownValue", $"'{Post}' is not a valid value; one of {string.Join(", ", Enum.GetNames<PostType>())}.", Post, string.Join(", ", Enum.GetNames<PostType>()));
    }
}

internal sealed class OfficerRankingHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<OfficerRanking, OfficerRankingPage>
{
    public async ValueTask<OfficerRankingPage> Handle(OfficerRanking request, CancellationToken cancellationToken)
    {
        var run = await PublishedResults.LatestRunAsync(db, PublishedResults.ParsePeriod(request.Period), cancellationToken);
        var rows = await OfficerRows.QueryAsync(db, actor, run.Id, request.BrigadeId, request.SquadId, cancellationToken);
        IEnumerable<OfficerRow> filtered = rows;
        if (request.Post is not null)
            filtered = filtered.Where(r => string.Equals(r.Post, request.Post, StringComparison.OrdinalIgnoreCase));
        if (request.Grade is not null)
            filtered = filtered.Where(r => r.Grade == request.Grade);
        var list = filtered.OrderByDescending(r => r.Score).ThenBy(r => r.BadgeNumber, StringComparer.Ordinal).ToList();
        return new OfficerRankingPage(run.Id, run.Period.Key, list.Count, list.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToList());
    }
}

/// <summary>The result rows of a run joined with names, squads and brigades, limited to what the actor may see.</summary>
internal static class OfficerRows
{
    public static async Task<List<OfficerRow>> QueryAsync(AssessmentDbContext db, CurrentActor actor, Guid runId, long? brigadeId, long? squadId, CancellationToken cancellationToken)
    {
        var reachable = await actor.ReachableUnitsAsync(cancellationToken);
        foreach (var unit in new[] { brigadeId, squadId }.OfType<long>())
        {
            if (reachable is not null && !reachable.Contains(unit))
                throw new NotFoundException("UnitNotFound", $"Unit {unit} was not found.", unit);
        }
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, cancellationToken);
        var query =
            from r in db.OfficerResults.AsNoTracking()
            join o in db.Officers.AsNoTracking() on r.OfficerId equals o.Id
            where r.RunId == runId
            select new { Result = r, o.Name };
        if (squadId is { } squad)
            query = query.Where(x => x.Result.SquadId == squad);
        if (actor.Role == Role.Officer)
            query = query.Where(x => x.Result.OfficerId == actor.OfficerId);
        var rows = new List<OfficerRow>();
        foreach (var x in await query.ToListAsync(cancellationToken))
        {
            var r = x.Result;
            var squadUnit = units[r.SquadId];
            var brigade = units[squadUnit.ParentId!.Value];
            if (brigadeId is { } b && brigade.Id != b)
                continue;
            if (reachable is not null && !reachable.Contains(r.SquadId))
                continue;
            rows.Add(new OfficerRow(r.OfficerId, r.BadgeNumber, x.Name, r.Kind.ToString(), r.Post.ToString(), r.SquadId, squadUnit.Name, brigade.Id, brigade.Name,
                r.Score, r.Grade, r.Rank, r.PeerGroupSize, Math.Round(r.Percentile, 2), r.Vetoed));
        }
        return rows;
    }
}
