using System.Diagnostics;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>What the final stage of a run produced, before it is stored.</summary>
public sealed record FinalResults(IReadOnlyList<OfficerResult> Officers, IReadOnlyList<SquadResult> Squads, IReadOnlyList<Outcome> Outcomes, double RankSeconds, double OutcomeSeconds);

/// <summary>
/// The last stage of a run, once every brigade part is staged: ranks and percentiles within peer groups, squad ranks
/// within their brigade, then the outcome scheme over each result and its 12-month history.
/// </summary>
public sealed class RunFinalizer(AssessmentDbContext db)
{
    public async Task<FinalResults> ComputeAsync(EvaluationRun run, ActiveSchemes schemes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var staged = await db.StagedOfficerScores.AsNoTracking().Where(s => s.RunId == run.Id).OrderBy(s => s.OfficerId).ToListAsync(cancellationToken);
        var stagedSquads = await db.StagedSquadScores.AsNoTracking().Where(s => s.RunId == run.Id).OrderBy(s => s.SquadId).ToListAsync(cancellationToken);
        return await ComputeAsync(run, schemes, staged, stagedSquads, now, cancellationToken);
    }

    /// <summary>The same stage over scores held in memory, e.g. a dry run that stores nothing.</summary>
    public async Task<FinalResults> ComputeAsync(EvaluationRun run, ActiveSchemes schemes, IEnumerable<StagedOfficerScore> officers, IEnumerable<StagedSquadScore> squads, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(schemes);
        var watch = Stopwatch.StartNew();
        var staged = officers.OrderBy(s => s.OfficerId).ToList();
        var stagedSquads = squads.OrderBy(s => s.SquadId).ToList();

        var officerResults = new List<OfficerResult>(staged.Count);
        var standings = Rank(staged, s => s.PeerGroup, s => s.Score, s => s.OfficerId);
        foreach (var s in staged)
        {
            officerResults.Add(new OfficerResult(
                run.Id, s.OfficerId, s.BadgeNumber, Enum.Parse<PersonnelKind>(s.Kind), Enum.Parse<PostType>(s.Post), s.SquadId, s.Score, s.Grade,
                standings[s.OfficerId], s.Vetoed,
                ScoreLines.Deserialize<List<CategorySubtotal>>(s.SubtotalsJson), ScoreLines.Deserialize<List<RuleLine>>(s.LinesJson)));
        }
        var squadStandings = Rank(stagedSquads, s => s.BrigadeId.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Score, s => s.SquadId);
        var squadResults = stagedSquads.Select(s => new SquadResult(
            run.Id, s.SquadId, s.BrigadeId, s.Score, s.AverageOfficerScore, s.Grade, squadStandings[s.SquadId], s.Vetoed,
            ScoreLines.Deserialize<List<CategorySubtotal>>(s.SubtotalsJson), ScoreLines.Deserialize<List<RuleLine>>(s.LinesJson))).ToList();
        var rankSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var outcomes = new List<Outcome>();
        var history = await HistoryAsync(run.Period, cancellationToken);
        var context = new EvaluationContext(run.Period.EndInstant);
        var periodView = PeriodView.Of(run.Period);
        for (var i = 0; i < staged.Count; i++)
        {
            var s = staged[i];
            var tags = new List<(string Tag, string Reason)>();
            AddTags(tags, s.OutcomesJson, s.LinesJson);
            if (schemes.Outcome is { } outcomeScheme)
            {
                var subject = OutcomeSubjectProjection.ForOfficer(officerResults[i], s.Name, run.Period, s.OverdueCases, s.VerifiedComplaints, history.Officers.GetValueOrDefault(s.OfficerId, []));
                var card = outcomeScheme.Score(context, subject, periodView);
                AddCard(tags, card, s.BarredFromCommendations);
            }
            Propose(outcomes, run.Id, SubjectKind.Officer, s.OfficerId, tags, now);
        }
        for (var i = 0; i < stagedSquads.Count; i++)
        {
            var s = stagedSquads[i];
            var tags = new List<(string Tag, string Reason)>();
            AddTags(tags, s.OutcomesJson, s.LinesJson);
            if (schemes.Outcome is { } outcomeScheme)
            {
                var subject = OutcomeSubjectProjection.ForSquad(squadResults[i], s.Code, s.Name, run.Period, squadResults[i].Rank, s.OverdueCases, s.VerifiedComplaints, history.Squads.GetValueOrDefault(s.SquadId, []));
                var card = outcomeScheme.Score(context, subject, periodView);
                AddCard(tags, card, s.Vetoed);
            }
            Propose(outcomes, run.Id, SubjectKind.Squad, s.SquadId, tags, now);
        }
        return new FinalResults(officerResults, squadResults, outcomes, rankSeconds, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Competition ranking ("1224") by score within each group, highest first: equal scores share a rank.</summary>
    public static Dictionary<long, Standing> Rank<T>(IEnumerable<T> items, Func<T, string> group, Func<T, double> score, Func<T, long> id)
    {
        var standings = new Dictionary<long, Standing>();
        foreach (var peers in items.GroupBy(group, StringComparer.Ordinal))
        {
            var ordered = peers.OrderByDescending(score).ThenBy(id).ToList();
            var rank = 0;
            for (var i = 0; i < ordered.Count; i++)
            {
                if (i == 0 || score(ordered[i]) != score(ordered[i - 1]))
                    rank = i + 1;
                standings[id(ordered[i])] = Standing.Of(rank, ordered.Count);
            }
        }
        return standings;
    }

    private static void AddTags(List<(string Tag, string Reason)> tags, string outcomesJson, string linesJson)
    {
        var outcomes = ScoreLines.Deserialize<List<string>>(outcomesJson);
        if (outcomes.Count == 0)
            return;
        var titles = string.Join("、", ScoreLines.Deserialize<List<RuleLine>>(linesJson).Select(l => l.Title).Distinct());
        foreach (var tag in outcomes)
            tags.Add((tag, titles));
    }

    private static void AddCard(List<(string Tag, string Reason)> tags, ScoreCard card, bool barred)
    {
        foreach (var fired in card.FiredRules.Where(f => f.Outcome is not null))
        {
            if (barred && fired.Outcome!.StartsWith("Commendation", StringComparison.OrdinalIgnoreCase))
                continue;
            tags.Add((fired.Outcome!, fired.Title ?? fired.RuleName));
        }
    }

    private static void Propose(List<Outcome> outcomes, Guid runId, SubjectKind subject, long subjectId, List<(string Tag, string Reason)> tags, DateTimeOffset now)
    {
        if (tags.Count == 0)
            return;
        foreach (var (kind, level) in OutcomeTags.Parse(tags.Select(t => t.Tag), subject))
        {
            var reason = string.Join("；", tags.Where(t => OutcomeTags.Matches(t.Tag, kind)).Select(t => t.Reason).Where(r => r.Length > 0).Distinct());
            outcomes.Add(Outcome.Propose(runId, kind, subject, subjectId, reason.Length > 0 ? reason : kind.ToString(), now, level));
        }
    }

    private sealed record History(Dictionary<long, List<PastMonth>> Officers, Dictionary<long, List<PastMonth>> Squads);

    /// <summary>The latest completed run of each of the 12 months before the period, with its non-rejected outcomes.</summary>
    private async Task<History> HistoryAsync(AssessmentPeriod period, CancellationToken cancellationToken)
    {
        var months = period.PreviousMonths(12);
        var runs = await db.EvaluationRuns.AsNoTracking().Where(r => r.Status == RunStatus.Completed).ToListAsync(cancellationToken);
        var latest = LatestRuns.ByPeriod(runs).Where(p => months.Contains(p.Key)).ToDictionary(p => p.Value.Id, p => p.Key);
        var runIds = latest.Keys.ToList();
        var officers = new Dictionary<long, List<PastMonth>>();
        var squads = new Dictionary<long, List<PastMonth>>();
        if (runIds.Count == 0)
            return new History(officers, squads);

        var outcomes = await db.Outcomes.AsNoTracking().Where(o => runIds.Contains(o.RunId) && o.Status != OutcomeStatus.Rejected)
            .Select(o => new { o.RunId, o.SubjectKind, o.SubjectId, o.Kind, o.Level }).ToListAsync(cancellationToken);
        var flags = outcomes.GroupBy(o => (o.RunId, o.SubjectKind, o.SubjectId)).ToDictionary(
            g => g.Key,
            g => (Warned: g.Any(o => o.Kind is OutcomeKind.Warning or OutcomeKind.Interview), Level: g.Where(o => o.Level is not null).Max(o => o.Level)));

        foreach (var r in await db.OfficerResults.AsNoTracking().Where(r => runIds.Contains(r.RunId))
                     .Select(r => new { r.RunId, r.OfficerId, r.Score, r.Grade, r.Vetoed, r.Rank }).ToListAsync(cancellationToken))
        {
            var flag = flags.GetValueOrDefault((r.RunId, SubjectKind.Officer, r.OfficerId));
            Add(officers, r.OfficerId, new PastMonth(latest[r.RunId], r.Score, r.Grade, r.Vetoed, r.Rank, false, flag.Warned, flag.Level));
        }
        foreach (var r in await db.SquadResults.AsNoTracking().Where(r => runIds.Contains(r.RunId))
                     .Select(r => new { r.RunId, r.SquadId, r.Score, r.Grade, r.Vetoed, r.Rank, r.PeerGroupSize }).ToListAsync(cancellationToken))
        {
            var flag = flags.GetValueOrDefault((r.RunId, SubjectKind.Squad, r.SquadId));
            Add(squads, r.SquadId, new PastMonth(latest[r.RunId], r.Score, r.Grade, r.Vetoed, r.Rank, r.PeerGroupSize > 1 && r.Rank == r.PeerGroupSize, flag.Warned, flag.Level));
        }
        return new History(officers, squads);
    }

    private static void Add(Dictionary<long, List<PastMonth>> map, long id, PastMonth month)
    {
        if (!map.TryGetValue(id, out var list))
            map[id] = list = [];
        list.Add(month);
    }
}
