using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Results;
using AssessmentEngine.Web.Features.Reviews;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Dashboard;

public sealed record GradeCount(string Grade, int Officers, double AverageScore);

public sealed record DashboardOfficer(long OfficerId, string BadgeNumber, string Name, string Squad, double Score, string Grade, int Rank, int PeerGroupSize, bool Vetoed);

public sealed record OutcomeCount(string Kind, string Status, int Count);

public sealed record TrendMonth(string Period, int Officers, double AverageScore, IReadOnlyList<GradeCount> Grades);

public sealed record DashboardView(
    string Period, Guid RunId, string Publication, long? UnitId, string Unit, int Officers, double AverageScore, int Vetoed,
    IReadOnlyList<GradeCount> Grades, IReadOnlyList<SquadRow> Squads, IReadOnlyList<DashboardOfficer> Top, IReadOnlyList<DashboardOfficer> Bottom,
    IReadOnlyList<OutcomeCount> Outcomes, IReadOnlyList<OutcomeView> ProposedOutcomes, IReadOnlyList<TrendMonth> Trend, IReadOnlyList<string> Periods);

/// <summary>
/// What leadership looks at first for a period and a unit (the caller's own unit by default): grade distribution, squad
/// ranking, the officers at the top and the bottom, outcomes waiting for review and the last 12 months. Aggregates are
/// computed in the database, so a detachment of 100,000 officers is as quick to show as a squad.
/// </summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor)]
public sealed record LeadershipDashboard(string? Period = null, long? UnitId = null, int Extremes = 5) : IRequest<DashboardView>, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(Extremes is >= 1 and <= 50, nameof(Extremes), "Show 1 to 50 officers at the top and at the bottom.");
    }
}

internal sealed class LeadershipDashboardHandler(AssessmentDbContext db, CurrentActor actor, IUnitHierarchy hierarchy, IMediator mediator) : IRequestHandler<LeadershipDashboard, DashboardView>
{
    public async ValueTask<DashboardView> Handle(LeadershipDashboard request, CancellationToken cancellationToken)
    {
        if (actor.Role == Role.Officer)
            throw new NotFoundException("The dashboard is for leadership and inspectors.");
        var completed = await db.EvaluationRuns.AsNoTracking().Where(r => r.Status == RunStatus.Completed).ToListAsync(cancellationToken);
        var latest = LatestRuns.ByPeriod(completed);
        var months = latest.Keys.Where(p => p.IsMonthly).ToList();
        var period = request.Period is { } text ? PublishedResults.ParsePeriod(text)
            : months.Count > 0 ? months.Max() : throw new NotFoundException("No month has a completed evaluation run yet.");
        var run = latest.GetValueOrDefault(period) ?? throw new NotFoundException($"{period} has no completed evaluation run yet.");

        var unitId = request.UnitId ?? actor.UnitId;
        if (!await actor.CanReachUnitAsync(unitId, cancellationToken))
            throw new NotFoundException("Unit", unitId!);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, cancellationToken);
        if (unitId is { } id && !units.ContainsKey(id))
            throw new NotFoundException("Unit", id);
        var squads = unitId is { } root ? (await hierarchy.SubtreeAsync(root, cancellationToken)).ToList() : null;

        var results = db.OfficerResults.AsNoTracking();
        if (squads is not null)
            results = results.Where(r => squads.Contains(r.SquadId));

        var grades = await GradesAsync(results.Where(r => r.RunId == run.Id), cancellationToken);
        var officers = grades.Sum(g => g.Officers);
        var average = officers == 0 ? 0 : grades.Sum(g => g.AverageScore * g.Officers) / officers;
        var vetoed = await results.CountAsync(r => r.RunId == run.Id && r.Vetoed, cancellationToken);
        var top = await ExtremesAsync(results.Where(r => r.RunId == run.Id).OrderByDescending(r => r.Score).ThenBy(r => r.BadgeNumber), request.Extremes, units, cancellationToken);
        var bottom = await ExtremesAsync(results.Where(r => r.RunId == run.Id).OrderBy(r => r.Score).ThenBy(r => r.BadgeNumber), request.Extremes, units, cancellationToken);

        var squadRanking = await mediator.Send(new SquadRanking(period.Key), cancellationToken);
        var squadRows = squadRanking.Squads.Where(s => squads is null || squads.Contains(s.SquadId)).ToList();

        var outcomes = await mediator.Send(new OutcomesToReview(period.Key, Status: null), cancellationToken);
        var ofRun = outcomes.Where(o => o.RunId == run.Id && (squads is null || squads.Contains(o.UnitId))).ToList();
        var outcomeCounts = ofRun.GroupBy(o => (o.Kind, o.Status)).Select(g => new OutcomeCount(g.Key.Kind, g.Key.Status, g.Count()))
            .OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Status, StringComparer.Ordinal).ToList();

        var trend = await TrendAsync(results, latest, period, cancellationToken);
        var unitName = unitId is { } u ? units[u].Name : units.Values.Where(x => x.ParentId is null).Select(x => x.Name).FirstOrDefault() ?? "—";
        var periods = latest.Keys.OrderByDescending(p => p).Select(p => p.Key).ToList();
        return new DashboardView(period.Key, run.Id, run.Publication.ToString(), unitId, unitName, officers, Math.Round(average, 2), vetoed,
            grades, squadRows, top, bottom, outcomeCounts, ofRun.Where(o => o.Status == nameof(OutcomeStatus.Proposed)).ToList(), trend, periods);
    }

    private static async Task<List<GradeCount>> GradesAsync(IQueryable<OfficerResult> results, CancellationToken cancellationToken)
    {
        var rows = await results.GroupBy(r => r.Grade)
            .Select(g => new { Grade = g.Key, Count = g.Count(), Sum = g.Sum(r => r.Score) })
            .ToListAsync(cancellationToken);
        // Grades in the scheme's order, best first: the order of their average score.
        return rows.Select(g => new GradeCount(g.Grade, g.Count, Math.Round(g.Sum / g.Count, 2)))
            .OrderByDescending(g => g.AverageScore).ToList();
    }

    private async Task<List<DashboardOfficer>> ExtremesAsync(IQueryable<OfficerResult> ordered, int count, Dictionary<long, Domain.Organization.Unit> units, CancellationToken cancellationToken)
    {
        var rows = await ordered.Take(count)
            .Join(db.Officers.AsNoTracking(), r => r.OfficerId, o => o.Id, (r, o) => new { Result = r, o.Name })
            .ToListAsync(cancellationToken);
        return rows.Select(x => new DashboardOfficer(x.Result.OfficerId, x.Result.BadgeNumber, x.Name, units[x.Result.SquadId].Name, x.Result.Score, x.Result.Grade,
            x.Result.Rank, x.Result.PeerGroupSize, x.Result.Vetoed)).ToList();
    }

    private static async Task<List<TrendMonth>> TrendAsync(IQueryable<OfficerResult> results, Dictionary<AssessmentPeriod, EvaluationRun> latest, AssessmentPeriod to,
        CancellationToken cancellationToken)
    {
        var months = to.PreviousMonths(11).Append(to).Where(latest.ContainsKey).ToList();
        var runs = months.ToDictionary(m => latest[m].Id, m => m);
        var runIds = runs.Keys.ToList();
        var rows = await results.Where(r => runIds.Contains(r.RunId))
            .GroupBy(r => new { r.RunId, r.Grade })
            .Select(g => new { g.Key.RunId, g.Key.Grade, Count = g.Count(), Sum = g.Sum(r => r.Score) })
            .ToListAsync(cancellationToken);
        return months.Select(m =>
        {
            var ofMonth = rows.Where(r => runs[r.RunId] == m).ToList();
            var n = ofMonth.Sum(r => r.Count);
            var grades = ofMonth.Select(r => new GradeCount(r.Grade, r.Count, Math.Round(r.Sum / r.Count, 2))).OrderByDescending(g => g.AverageScore).ToList();
            return new TrendMonth(m.Key, n, n == 0 ? 0 : Math.Round(ofMonth.Sum(r => r.Sum) / n, 2), grades);
        }).ToList();
    }
}
