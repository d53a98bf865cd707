using System.Diagnostics;
using System.Globalization;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>What the final stage of a run produced over scores held in memory (a dry run), before anything is stored.</summary>
public sealed record FinalResults(IReadOnlyList<OfficerResult> Officers, IReadOnlyList<SquadResult> Squads, IReadOnlyList<ProposedOutcome> Proposals, double RankSeconds, double OutcomeSeconds);

/// <summary>What a streamed final stage handed to its store: officers are counted, not kept; squads and proposals are few.</summary>
public sealed record FinalTotals(int Officers, int Auxiliaries, IReadOnlyList<SquadResult> Squads, IReadOnlyList<ProposedOutcome> Proposals, double RankSeconds, double OutcomeSeconds, double StoreSeconds);

/// <summary>
/// The last stage of a run, once every brigade part is staged: ranks and percentiles within peer groups, squad ranks
/// within their brigade, then the outcome scheme over each result and its 12-month history. It proposes outcomes; matching
/// them with the decisions the period assessment already holds is <see cref="ProposalReconciliation"/>'s.
/// A stored run is ranked from a narrow projection of its staged scores, then its staged rows are read back
/// <paramref name="chunkRows"/> at a time, so memory is bounded by a chunk, not by the run (docs/adr/0029).
/// </summary>
public sealed class RunFinalizer(AssessmentDbContext db, int chunkRows = RunFinalizer.DefaultChunkRows)
{
    public const int DefaultChunkRows = 10_000;

    private readonly int _chunkRows = chunkRows > 0 ? chunkRows : throw new ArgumentOutOfRangeException(nameof(chunkRows), chunkRows, "A chunk holds at least one staged row.");

    /// <summary>The most staged officer rows (narrow: no lines, no subtotals) one read of <see cref="StreamAsync"/> held at once.</summary>
    public int LargestChunk { get; private set; }

    /// <summary>The most earlier officer results one read of the 12-month history held at once: a chunk's officers, never the run's.</summary>
    public int LargestHistory { get; private set; }

    /// <summary>
    /// The final stage of a staged run: each chunk of officer results goes to <paramref name="store"/> (in officer order)
    /// and is dropped before the next chunk is read; squad results and proposals are returned for the caller to store.
    /// The chunks' results carry no lines and no subtotals: the staged rows keep that text, and the store copies it from
    /// them inside the database (<see cref="StagedResultsTransfer"/>), so the application never reads it back.
    /// </summary>
    public async Task<FinalTotals> StreamAsync(EvaluationRun run, ActiveSchemes schemes, Func<IReadOnlyList<OfficerResult>, CancellationToken, Task> store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(schemes);
        ArgumentNullException.ThrowIfNull(store);
        var watch = Stopwatch.StartNew();
        var standings = await StandingsAsync(run.Id, cancellationToken);
        var stagedSquads = await db.StagedSquadScores.AsNoTracking().Where(s => s.RunId == run.Id).OrderBy(s => s.SquadId).ToListAsync(cancellationToken);
        var squadResults = SquadResults(run, stagedSquads);
        var rankSeconds = watch.Elapsed.TotalSeconds;

        var (outcomeSeconds, storeSeconds) = (0d, 0d);
        watch.Restart();
        var proposals = new List<ProposedOutcome>();
        var past = await PastRunsAsync(run.Period, cancellationToken);
        var outcomes = new OutcomeStage(run, schemes, await SquadHistoryAsync(past, cancellationToken));
        var (officers, auxiliaries) = (0, 0);
        var after = long.MinValue;
        while (true)
        {
            // Keyset paging on the staging key: each read is one index range, whatever the chunk's place in the run.
            var last = after;
            var chunk = await db.StagedOfficerScores.AsNoTracking().Where(s => s.RunId == run.Id && s.OfficerId > last).OrderBy(s => s.OfficerId).Take(_chunkRows)
                .Select(s => new StagedHead(s.OfficerId, s.SquadId, s.BadgeNumber, s.Name, s.Kind, s.Post, s.Score, s.Grade, s.Vetoed, s.BarredFromCommendations, s.OverdueCases, s.VerifiedComplaints, s.OutcomesJson))
                .ToListAsync(cancellationToken);
            if (chunk.Count == 0)
                break;
            LargestChunk = Math.Max(LargestChunk, chunk.Count);
            var history = await OfficerHistoryAsync(past, after, chunk[^1].OfficerId, cancellationToken);
            after = chunk[^1].OfficerId;
            var results = new List<OfficerResult>(chunk.Count);
            foreach (var s in chunk)
            {
                var result = new OfficerResult(run.Id, s.OfficerId, s.BadgeNumber, Enum.Parse<PersonnelKind>(s.Kind), Enum.Parse<PostType>(s.Post), s.SquadId, s.Score, s.Grade, standings[s.OfficerId], s.Vetoed, [], []);
                results.Add(result);
                outcomes.ProposeForOfficer(proposals, s, result, history.GetValueOrDefault(s.OfficerId, []));
                if (result.Kind == PersonnelKind.Auxiliary)
                    auxiliaries++;
                else
                    officers++;
            }
            outcomeSeconds += watch.Elapsed.TotalSeconds;
            watch.Restart();
            await store(results, cancellationToken);
            storeSeconds += watch.Elapsed.TotalSeconds;
            watch.Restart();
        }
        for (var i = 0; i < stagedSquads.Count; i++)
            outcomes.ProposeForSquad(proposals, stagedSquads[i], squadResults[i]);
        outcomeSeconds += watch.Elapsed.TotalSeconds;
        return new FinalTotals(officers, auxiliaries, squadResults, proposals, rankSeconds, outcomeSeconds, storeSeconds);
    }

    /// <summary>
    /// The same stage over scores held in memory, e.g. a dry run that stores nothing: its results keep their lines. The
    /// history is read a chunk of officers at a time, as a stored run reads it.
    /// </summary>
    public async Task<FinalResults> ComputeAsync(EvaluationRun run, ActiveSchemes schemes, IEnumerable<StagedOfficerScore> officers, IEnumerable<StagedSquadScore> squads, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(schemes);
        var watch = Stopwatch.StartNew();
        var staged = officers.OrderBy(s => s.OfficerId).ToList();
        var stagedSquads = squads.OrderBy(s => s.SquadId).ToList();
        var standings = Rank(staged, s => s.PeerGroup, s => s.Score, s => s.OfficerId);
        var officerResults = staged.Select(s => OfficerResultOf(run, s, standings[s.OfficerId])).ToList();
        var squadResults = SquadResults(run, stagedSquads);
        var rankSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var proposals = new List<ProposedOutcome>();
        var past = await PastRunsAsync(run.Period, cancellationToken);
        var outcomes = new OutcomeStage(run, schemes, await SquadHistoryAsync(past, cancellationToken));
        var after = long.MinValue;
        for (var start = 0; start < staged.Count; start += _chunkRows)
        {
            var end = Math.Min(start + _chunkRows, staged.Count);
            var history = await OfficerHistoryAsync(past, after, staged[end - 1].OfficerId, cancellationToken);
            after = staged[end - 1].OfficerId;
            for (var i = start; i < end; i++)
                outcomes.ProposeForOfficer(proposals, StagedHead.Of(staged[i]), officerResults[i], history.GetValueOrDefault(staged[i].OfficerId, []));
        }
        for (var i = 0; i < stagedSquads.Count; i++)
            outcomes.ProposeForSquad(proposals, stagedSquads[i], squadResults[i]);
        return new FinalResults(officerResults, squadResults, proposals, rankSeconds, watch.Elapsed.TotalSeconds);
    }

    private static OfficerResult OfficerResultOf(EvaluationRun run, StagedOfficerScore s, Standing standing) =>
        new(run.Id, s.OfficerId, s.BadgeNumber, Enum.Parse<PersonnelKind>(s.Kind), Enum.Parse<PostType>(s.Post), s.SquadId, s.Score, s.Grade,
            standing, s.Vetoed, ScoreLines.Deserialize<List<CategorySubtotal>>(s.SubtotalsJson), ScoreLines.Deserialize<List<RuleLine>>(s.LinesJson));

    private static List<SquadResult> SquadResults(EvaluationRun run, List<StagedSquadScore> stagedSquads)
    {
        var squadStandings = Rank(stagedSquads, s => s.BrigadeId.ToString(CultureInfo.InvariantCulture), s => s.Score, s => s.SquadId);
        return stagedSquads.Select(s => new SquadResult(
            run.Id, s.SquadId, s.BrigadeId, s.Score, s.AverageOfficerScore, s.Grade, squadStandings[s.SquadId], s.Vetoed,
            ScoreLines.Deserialize<List<CategorySubtotal>>(s.SubtotalsJson), ScoreLines.Deserialize<List<RuleLine>>(s.LinesJson))).ToList();
    }

    /// <summary>Officer ranks from a narrow projection, in a method of its own so the projection is unreachable once ranked.</summary>
    private async Task<Dictionary<long, Standing>> StandingsAsync(Guid runId, CancellationToken cancellationToken)
    {
        var peers = await db.StagedOfficerScores.AsNoTracking().Where(s => s.RunId == runId)
            .Select(s => new PeerScore(s.OfficerId, s.PeerGroup, s.Score)).ToListAsync(cancellationToken);
        return Rank(peers, p => p.PeerGroup, p => p.Score, p => p.OfficerId);
    }

    /// <summary>The officer's staged rank input: a few dozen bytes, where a staged row with its lines is kilobytes.</summary>
    private sealed record PeerScore(long OfficerId, string PeerGroup, double Score);

    /// <summary>What the outcome stage reads of a staged officer row: everything but the lines and subtotals.</summary>
    private sealed record StagedHead(
        long OfficerId, long SquadId, string BadgeNumber, string Name, string Kind, string Post, double Score, string Grade, bool Vetoed, bool BarredFromCommendations,
        int OverdueCases, int VerifiedComplaints, string OutcomesJson)
    {
        public static StagedHead Of(StagedOfficerScore s) =>
            new(s.OfficerId, s.SquadId, s.BadgeNumber, s.Name, s.Kind, s.Post, s.Score, s.Grade, s.Vetoed, s.BarredFromCommendations, s.OverdueCases, s.VerifiedComplaints, s.OutcomesJson);
    }

    /// <summary>Outcome proposals of one subject at a time: the scoring scheme's tags, then the outcome scheme's over the result and its history.</summary>
    private sealed class OutcomeStage(EvaluationRun run, ActiveSchemes schemes, Dictionary<long, List<PastMonth>> squadHistory)
    {
        private readonly EvaluationContext _context = new(run.Period.EndInstant);
        private readonly PeriodView _periodView = PeriodView.Of(run.Period);

        public void ProposeForOfficer(List<ProposedOutcome> outcomes, StagedHead s, OfficerResult result, List<PastMonth> history)
        {
            var tags = new List<(string Tag, string Reason)>();
            var person = result.Kind == PersonnelKind.Auxiliary ? "辅警" : "民警";
            AddTags(tags, s.OutcomesJson, person);
            if (schemes.Outcome is { } outcomeScheme)
            {
                var subject = OutcomeSubjectProjection.ForOfficer(result, s.Name, run.Period, s.OverdueCases, s.VerifiedComplaints, history);
                var card = outcomeScheme.Score(_context, subject, _periodView);
                AddCard(tags, card, s.BarredFromCommendations, person, string.Create(CultureInfo.InvariantCulture, $"本月{s.Score:0.##}分，{s.Grade}"));
            }
            Propose(outcomes, SubjectKind.Officer, s.OfficerId, tags);
        }

        public void ProposeForSquad(List<ProposedOutcome> outcomes, StagedSquadScore s, SquadResult result)
        {
            var tags = new List<(string Tag, string Reason)>();
            AddTags(tags, s.OutcomesJson, "中队");
            if (schemes.Outcome is { } outcomeScheme)
            {
                var subject = OutcomeSubjectProjection.ForSquad(result, s.Code, s.Name, run.Period, result.Rank, s.OverdueCases, s.VerifiedComplaints, squadHistory.GetValueOrDefault(s.SquadId, []));
                var card = outcomeScheme.Score(_context, subject, _periodView);
                AddCard(tags, card, s.Vetoed, "中队", string.Create(CultureInfo.InvariantCulture, $"本月{s.Score:0.##}分，{s.Grade}，大队内第{result.Rank}名"));
            }
            Propose(outcomes, SubjectKind.Squad, s.SquadId, tags);
        }
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

    /// <summary>Outcomes a scoring scheme raised, each with the title of the rule that raised it and nothing else.</summary>
    private static void AddTags(List<(string Tag, string Reason)> tags, string outcomesJson, string subject)
    {
        // Most subjects raise nothing: their empty list is not worth a parse.
        if (outcomesJson == "[]")
            return;
        foreach (var cause in ScoreLines.Deserialize<List<OutcomeCause>>(outcomesJson))
            tags.Add((cause.Tag, $"{subject}：{cause.Title}"));
    }

    /// <summary>Outcomes of the outcome scheme, whose rules read the grade and score: the reason says which.</summary>
    private static void AddCard(List<(string Tag, string Reason)> tags, ScoreCard card, bool barred, string subject, string standing)
    {
        foreach (var fired in card.FiredRules.Where(f => f.Outcome is not null))
        {
            if (barred && fired.Outcome!.StartsWith("Commendation", StringComparison.OrdinalIgnoreCase))
                continue;
            tags.Add((fired.Outcome!, $"{subject}：{fired.Title ?? fired.RuleName}（{standing}）"));
        }
    }

    private static void Propose(List<ProposedOutcome> outcomes, SubjectKind subject, long subjectId, List<(string Tag, string Reason)> tags)
    {
        if (tags.Count == 0)
            return;
        foreach (var (kind, level) in OutcomeTags.Parse(tags.Select(t => t.Tag), subject))
        {
            var reason = string.Join("；", tags.Where(t => OutcomeTags.Matches(t.Tag, kind) && (level is null || t.Tag.EndsWith(level.Value.ToString(), StringComparison.OrdinalIgnoreCase))).Select(t => t.Reason).Where(r => r.Length > 0).Distinct());
            outcomes.Add(new ProposedOutcome(kind, subject, subjectId, level, reason.Length > 0 ? reason : kind.ToString()));
        }
    }

    /// <summary>The current run of each of the 12 months before a period, and the assessments whose outcomes flag them.</summary>
    private sealed record PastRuns(Dictionary<Guid, AssessmentPeriod> PeriodOfRun, Dictionary<Guid, Guid> RunOfAssessment)
    {
        public List<Guid> RunIds { get; } = [.. PeriodOfRun.Keys];

        public List<Guid> AssessmentIds { get; } = [.. RunOfAssessment.Keys];
    }

    private async Task<PastRuns> PastRunsAsync(AssessmentPeriod period, CancellationToken cancellationToken)
    {
        var months = period.PreviousMonths(12);
        var assessments = (await db.PeriodAssessments.AsNoTracking().Where(a => a.CurrentRunId != null).ToListAsync(cancellationToken))
            .Where(a => months.Contains(a.Period)).ToList();
        return new PastRuns(assessments.ToDictionary(a => a.CurrentRunId!.Value, a => a.Period), assessments.ToDictionary(a => a.Id, a => a.CurrentRunId!.Value));
    }

    /// <summary>
    /// The 12-month history of the officers with ids in (<paramref name="after"/>, <paramref name="last"/>]: one chunk's
    /// officers, so a national run never holds 12 months of every officer's results at once. Each month is the current run
    /// of its assessment with its live, non-rejected outcomes: a warning (预警) and an interview (约谈) are told apart, so
    /// a month with an interview does not count as "warned".
    /// </summary>
    private async Task<Dictionary<long, List<PastMonth>>> OfficerHistoryAsync(PastRuns past, long after, long last, CancellationToken cancellationToken)
    {
        var officers = new Dictionary<long, List<PastMonth>>();
        if (past.RunIds.Count == 0)
            return officers;
        var flags = await FlagsAsync(past, SubjectKind.Officer, after, last, cancellationToken);
        var rows = await db.OfficerResults.AsNoTracking().Where(r => past.RunIds.Contains(r.RunId) && r.OfficerId > after && r.OfficerId <= last)
            .Select(r => new { r.RunId, r.OfficerId, r.Score, r.Grade, r.Vetoed, r.Rank }).ToListAsync(cancellationToken);
        LargestHistory = Math.Max(LargestHistory, rows.Count);
        foreach (var r in rows)
        {
            var flag = flags.GetValueOrDefault((r.RunId, r.OfficerId));
            Add(officers, r.OfficerId, new PastMonth(past.PeriodOfRun[r.RunId], r.Score, r.Grade, r.Vetoed, r.Rank, false, flag.HadWarning, flag.InterviewLevel));
        }
        return officers;
    }

    /// <summary>Every squad's 12-month history at once: squads are hundreds, not hundreds of thousands.</summary>
    private async Task<Dictionary<long, List<PastMonth>>> SquadHistoryAsync(PastRuns past, CancellationToken cancellationToken)
    {
        var squads = new Dictionary<long, List<PastMonth>>();
        if (past.RunIds.Count == 0)
            return squads;
        var flags = await FlagsAsync(past, SubjectKind.Squad, long.MinValue, long.MaxValue, cancellationToken);
        foreach (var r in await db.SquadResults.AsNoTracking().Where(r => past.RunIds.Contains(r.RunId))
                     .Select(r => new { r.RunId, r.SquadId, r.Score, r.Grade, r.Vetoed, r.Rank, r.PeerGroupSize }).ToListAsync(cancellationToken))
        {
            var flag = flags.GetValueOrDefault((r.RunId, r.SquadId));
            Add(squads, r.SquadId, new PastMonth(past.PeriodOfRun[r.RunId], r.Score, r.Grade, r.Vetoed, r.Rank, r.PeerGroupSize > 1 && r.Rank == r.PeerGroupSize, flag.HadWarning, flag.InterviewLevel));
        }
        return squads;
    }

    /// <summary>What the live, non-rejected outcomes of the past months say about subjects of one kind with ids in (after, last].</summary>
    private async Task<Dictionary<(Guid RunId, long SubjectId), (bool HadWarning, InterviewLevel? InterviewLevel)>> FlagsAsync(
        PastRuns past, SubjectKind subject, long after, long last, CancellationToken cancellationToken)
    {
        var assessmentIds = past.AssessmentIds;
        var outcomes = await db.Outcomes.AsNoTracking()
            .Where(o => assessmentIds.Contains(o.AssessmentId) && o.SubjectKind == subject && o.SubjectId > after && o.SubjectId <= last && o.WithdrawnByRunId == null && o.Status != OutcomeStatus.Rejected)
            .Select(o => new { o.AssessmentId, o.SubjectId, o.Kind, o.Level, o.ScheduledLevel }).ToListAsync(cancellationToken);
        return outcomes.GroupBy(o => (RunId: past.RunOfAssessment[o.AssessmentId], o.SubjectId)).ToDictionary(
            g => g.Key,
            g => OutcomeSubjectProjection.Flags(g.Select(o => (o.Kind, o.ScheduledLevel ?? o.Level))));
    }

    private static void Add(Dictionary<long, List<PastMonth>> map, long id, PastMonth month)
    {
        if (!map.TryGetValue(id, out var list))
            map[id] = list = [];
        list.Add(month);
    }
}
