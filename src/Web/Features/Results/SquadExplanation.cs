using System.Text.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Organization;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Results;

public sealed record SquadMember(long OfficerId, string BadgeNumber, string Name, double Score, string Grade, bool Vetoed);

/// <summary>
/// Why a squad scored what it did: its members' average (the base the squad scheme starts from), every squad rule's
/// points with the records behind them (members for member rules), and the members themselves.
/// </summary>
public sealed record SquadResultView(
    Guid RunId, string Period, string Publication, long SquadId, string Squad, double Score, double AverageOfficerScore, string Grade, int Rank, int Squads,
    bool Vetoed, IReadOnlyList<CategorySubtotal> Subtotals, IReadOnlyList<ExplainedLine> Lines, IReadOnlyList<SquadMember> Members);

/// <summary>One squad's result for a period, explained line by line, within the caller's scope.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor)]
public sealed record SquadExplanation(long SquadId, string Period) : IRequest<SquadResultView>;

internal sealed class SquadExplanationHandler(AssessmentDbContext db, CurrentActor actor, UnitNames names) : IRequestHandler<SquadExplanation, SquadResultView>
{
    public async ValueTask<SquadResultView> Handle(SquadExplanation request, CancellationToken cancellationToken)
    {
        var (run, assessment) = await PublishedResults.CurrentAsync(db, PublishedResults.ParsePeriod(request.Period), cancellationToken);
        var result = await db.SquadResults.AsNoTracking().SingleOrDefaultAsync(r => r.RunId == run.Id && r.SquadId == request.SquadId, cancellationToken);
        if (result is null || !await actor.CanReachUnitAsync(result.SquadId, cancellationToken))
            throw new NotFoundException("SquadHasNoResultInScope", $"Squad {request.SquadId} has no result for {run.Period} within your scope.", request.SquadId, run.Period);
        var members = await db.OfficerResults.AsNoTracking().Where(r => r.RunId == run.Id && r.SquadId == request.SquadId)
            .Join(db.Officers.AsNoTracking(), r => r.OfficerId, o => o.Id, (r, o) => new SquadMember(r.OfficerId, r.BadgeNumber, o.Name, r.Score, r.Grade, r.Vetoed))
            .ToListAsync(cancellationToken);
        members = [.. members.OrderByDescending(m => m.Score).ThenBy(m => m.BadgeNumber, StringComparer.Ordinal)];
        var lines = new List<ExplainedLine>();
        foreach (var line in result.Lines)
        {
            using var parameters = JsonDocument.Parse(line.ParametersJson);
            var evidence = string.Equals(line.EvidenceSource, "Members", StringComparison.OrdinalIgnoreCase)
                ? members.Where(m => line.EvidenceIds.Contains(m.OfficerId))
                    .Select(m => new EvidenceRecord(m.OfficerId, "member", null, new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["badgeNumber"] = m.BadgeNumber,
                        ["name"] = m.Name,
                        ["score"] = m.Score,
                        ["vetoed"] = m.Vetoed,
                    })).ToList()
                : await OfficerExplanationHandler.EvidenceAsync(db, line, cancellationToken);
            lines.Add(new ExplainedLine(line.RuleName, line.Title, line.Category, line.Points, parameters.RootElement.Clone(), evidence));
        }
        return new SquadResultView(run.Id, run.Period.Key, assessment.Publication.ToString(), result.SquadId, await names.OfAsync(result.SquadId, cancellationToken) ?? "",
            result.Score, result.AverageOfficerScore, result.Grade, result.Rank, result.PeerGroupSize, result.Vetoed, [.. result.Subtotals], lines, members);
    }
}
