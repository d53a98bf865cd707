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

/// <summary>
/// One page of a dashboard. Lists are bounded whatever the detachment's size: <see cref="Squads"/> is page
/// <see cref="SquadPage"/> of <see cref="SquadCount"/> squads, <see cref="ProposedOutcomes"/> the first of
/// <see cref="ProposedCount"/> (the review queue pages through all of them), <see cref="ListLength"/> each
/// (<see cref="DashboardOptions.ListLength"/>).
/// </summary>
public sealed record DashboardView(
    string Period, Guid RunId, string Publication, long? UnitId, string Unit, int Officers, double AverageScore, int Vetoed,
    IReadOnlyList<GradeCount> Grades, IReadOnlyList<SquadRow> Squads, IReadOnlyList<DashboardOfficer> Top, IReadOnlyList<DashboardOfficer> Bottom,
    IReadOnlyList<OutcomeCount> Outcomes, IReadOnlyList<OutcomeView> ProposedOutcomes, IReadOnlyList<TrendMonth> Trend, IReadOnlyList<string> Periods,
    int SquadCount = 0, int SquadPage = 1, int ProposedCount = 0, int ListLength = 0);

/// <summary>
/// What leadership looks at first for a period and a unit (the caller's own unit by default): grade distribution, squad
/// ranking, the officers at the top and the bottom, outcomes waiting for review and the last 12 months. Aggregates are
/// computed in the database and the result is cached until results change (<see cref="DashboardCache"/>).
/// </summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor)]
public sealed record LeadershipDashboard(string? Period = null, long? UnitId = null, int Extremes = 5, int SquadPage = 1) : IRequest<DashboardView>, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(Extremes is >= 1 and <= 50, "extremes", "ExtremesRange", "Show 1 to 50 officers at the top and at the bottom.", 50);
        errors.Check(SquadPage is >= 1 and <= 10_000, "squadPage", "PageFromOne", "Pages start at 1.");
        errors.Check(Period is null || AssessmentPeriod.TryParse(Period, System.Globalization.CultureInfo.InvariantCulture, out _), "period",
            "NotAPeriod", $"'{Period}' is not a period; write a month like 2026-10 or a quarter like 2026-Q4.", Period);
    }
}

internal sealed class LeadershipDashboardHandler(CurrentActor actor, DashboardCache cache, IServiceScopeFactory scopes)
    : IRequestHandler<LeadershipDashboard, DashboardView>
{
    public async ValueTask<DashboardView> Handle(LeadershipDashboard request, CancellationToken cancellationToken)
    {
        if (actor.Role == Role.Officer)
            throw new NotFoundException("DashboardForLeadership", "The dashboard is for leadership and inspectors.");
        // Scope is checked per request, before the cache: a cached view is only ever handed to someone who may reach its unit.
        var unitId = request.UnitId ?? actor.UnitId;
        if (!await actor.CanReachUnitAsync(unitId, cancellationToken))
            throw new NotFoundException("UnitNotFound", $"Unit {unitId} was not found.", unitId);
        var period = request.Period is { } text ? PublishedResults.ParsePeriod(text).Key : null;
        var key = new DashboardKey(period, unitId, actor.Role, request.Extremes, request.SquadPage);
        return await cache.GetAsync(key, () => ComputeAsync(request, unitId)).WaitAsync(cancellationToken);
    }

    /// <summary>In a scope of its own and without the caller's cancellation: other callers may be waiting for the same entry.</summary>
    private async Task<DashboardView> ComputeAsync(LeadershipDashboard request, long? unitId)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardComputation>().ComputeAsync(request, unitId, CancellationToken.None);
    }
}

/// <summary>The dashboard's queries, run on a miss of <see cref="DashboardCache"/>.</summary>
internal sealed class DashboardComputation(AssessmentDbContext db, IUnitHierarchy hierarchy, IMediator mediator, Microsoft.Extensions.Options.IOptions<DashboardOptions> options)
{
    private readonly int _listLength = Math.Max(1, options.Value.ListLength);

    public async Task<DashboardView> ComputeAsync(LeadershipDashboard request, long? unitId, CancellationToken cancellationToken)
    {
        var latest = await LatestRuns.ByPeriodAsync(db, cancellationToken);
        var months = latest.Keys.Where(p => p.IsMonthly).ToList();
        var period = request.Period is { } text ? PublishedResults.ParsePeriod(text)
            : months.Count > 0 ? months.Max() : throw new NotFoundException("NoMonthEvaluated", "No month has a completed evaluation run yet.");
        var run = latest.GetValueOrDefault(period) ?? throw new NotFoundException("NoCompletedRun", $"{period} has no completed evaluation run yet.", period);

        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, cancellationToken);
        if (unitId is { } id && !units.ContainsKey(id))
            throw new NotFoundException("UnitNotFound", $"Unit {id} was not found.", id);
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
        var squadPage = squadRows.Skip((request.SquadPage - 1) * _listLength).Take(_listLength).ToList();

        var outcomes = await mediator.Send(new OutcomesToReview(period.Key, Status: null), cancellationToken);
        var ofRun = outcomes.Where(o => o.Live && (squads is null || squads.Contains(o.UnitId))).ToList();
        var outcomeCounts = ofRun.GroupBy(o => (o.Kind, o.Status)).Select(g => new OutcomeCount(g.Key.Kind, g.Key.Status, g.Count()))
            .OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Status, StringComparer.Ordinal).ToList();

        var trend = await TrendAsync(results, latest, period, cancellationToken);
        var unitName = unitId is { } u ? units[u].Name : units.Values.Where(x => x.ParentId is null).Select(x => x.Name).FirstOrDefault() ?? "—";
        var periods = latest.Keys.OrderByDescending(p => p).Select(p => p.Key).ToList();
        var publication = await db.PeriodAssessments.AsNoTracking().Where(a => a.Id == run.AssessmentId).Select(a => a.Publication).SingleAsync(cancellationToken);
        var proposed = ofRun.Where(o => o.Status == nameof(OutcomeStatus.Proposed)).ToList();
        return new DashboardView(period.Key, run.Id, publication.ToString(), unitId, unitName, officers, Math.Round(average, 2), vetoed,
            grades, squadPage, top, bottom, outcomeCounts, proposed.Take(_listLength).ToList(), trend, periods,
            squadRows.Count, request.SquadPage, proposed.Count, _listLength);
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
        // "一大队·一中队": three squads called 一中队 must be told apart.
        var names = Organization.UnitNames.FullNames(units.Values.Select(u => new Organization.UnitName(u.Id, u.Kind, u.Name, u.ParentId)).ToList());
        return rows.Select(x => new DashboardOfficer(x.Result.OfficerId, x.Result.BadgeNumber, x.Name, names[x.Result.SquadId], x.Result.Score, x.Result.Grade,
            x.Result.Rank, x.Result.PeerGroupSize, x.Result.Vetoed)).ToList();
    }

    private static async Task<List<TrendMonth>> TrendAsync(IQueryable<OfficerResult> results, Dictionary<AssessmentPeriod, EvaluationRun> latest, AssessmentPeriod to,
        CancellationToken cancellationToken)
    {
        // PreviousMonths counts back from the nearest; a trend reads oldest first.
        var months = to.PreviousMonths(11).Append(to).Where(latest.ContainsKey).OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
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
