using System.Diagnostics;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Rules;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>Linked liability (连带责任) as docs/domain.md describes it; configurable under Evaluation:LinkedLiability.</summary>
public sealed class LinkedLiabilityOptions
{
    /// <summary>Points a supervising officer gets for each of their auxiliaries who had a deduction.</summary>
    public double SupervisorPointsPerAuxiliary { get; set; } = -1;

    /// <summary>Share of the squad's average deduction that the squad leader carries (−20 % of it by default).</summary>
    public double SquadLeaderShareOfAverageDeduction { get; set; } = 0.2;
}

/// <summary>What one brigade's part of a run produced.</summary>
public sealed record BrigadeScores(IReadOnlyList<StagedOfficerScore> Officers, IReadOnlyList<StagedSquadScore> Squads, double ScoreSeconds)
{
    /// <summary>Subjects the other engine scored again, and where it gave something else.</summary>
    public int CrossChecked { get; init; }

    public IReadOnlyList<RunDisagreement> Disagreements { get; init; } = [];
}

/// <summary>
/// Scores one brigade: every officer and auxiliary on their scheme, linked liability inside each squad, then each
/// squad on the squad scheme over its members' results. Pure computation over loaded facts; no I/O.
/// </summary>
public sealed class BrigadeEvaluator(ActiveSchemes schemes, LinkedLiabilityOptions liability)
{
    public const string LinkedCategory = "linked";
    private static readonly string[] DefaultPeerGroup = ["BrigadeId", "PostType"];

    public BrigadeScores Evaluate(Guid runId, BrigadeMonth facts, AssessmentPeriod period)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var watch = Stopwatch.StartNew();
        var context = new EvaluationContext(period.EndInstant);
        var periodView = PeriodView.Of(period);
        var peerGroup = schemes.Officer.Scheme.PeerGroup.Count > 0 ? schemes.Officer.Scheme.PeerGroup : DefaultPeerGroup;

        var scored = new List<Scored>(facts.Officers.Count);
        foreach (var (officer, month) in facts.Officers)
        {
            var scheme = schemes.For(officer.IsAuxiliary);
            var card = scheme.Score(context, month, periodView);
            CrossCheck(runId, "officer ", officer.BadgeNumber, scheme, card, context, month, periodView);
            scored.Add(new Scored(officer, month, scheme, card));
        }

        using var documents = new ScoreLines();
        var squadMembers = BySquad(scored);
        foreach (var members in squadMembers.Values)
            ApplyLinkedLiability(members, documents);

        var officers = new List<StagedOfficerScore>(scored.Count);
        foreach (var s in scored)
            officers.Add(Stage(runId, facts.Brigade, s, peerGroup, periodView, documents));
        var squads = schemes.Squad is null ? [] : ScoreSquads(runId, facts, squadMembers, context, periodView, documents);
        return new BrigadeScores(officers, squads, watch.Elapsed.TotalSeconds) { CrossChecked = _crossChecked, Disagreements = _disagreements };
    }

    private int _crossChecked;
    private readonly List<RunDisagreement> _disagreements = [];
    private readonly Dictionary<long, Scored> _squadById = [];

    /// <summary>Members of each squad in the order they were scored, squads in the order their first member was.</summary>
    private static Dictionary<long, List<Scored>> BySquad(List<Scored> scored)
    {
        var bySquad = new Dictionary<long, List<Scored>>();
        foreach (var s in scored)
        {
            if (!bySquad.TryGetValue(s.Officer.SquadId, out var members))
                bySquad[s.Officer.SquadId] = members = [];
            members.Add(s);
        }
        return bySquad;
    }

    /// <summary>Scores a sampled subject again with the other engine and keeps what differs (Rules:CrossCheck).</summary>
    private void CrossCheck(Guid runId, string kind, string name, CompiledScheme scheme, ScoreCard card, EvaluationContext context, params object?[] inputs)
    {
        // Off costs nothing per subject: no subject name is built.
        if (scheme.Engines.CrossCheckShare <= 0)
            return;
        var subject = kind + name;
        if (!scheme.Engines.Samples(runId, subject))
            return;
        _crossChecked++;
        foreach (var difference in scheme.Engines.CrossCheck(card, scheme.Workflow, context, inputs))
            _disagreements.Add(new RunDisagreement(subject, difference.Rule, difference.Ours, difference.Theirs));
    }

    /// <summary>
    /// Auxiliaries' deductions reach their supervising officer; the squad's average deduction reaches its leader.
    /// Both are recorded as explained lines in category "linked"; vetoed months are not changed.
    /// </summary>
    private void ApplyLinkedLiability(List<Scored> squad, ScoreLines documents)
    {
        if (liability.SupervisorPointsPerAuxiliary != 0)
        {
            _squadById.Clear();
            foreach (var member in squad)
                _squadById[member.Officer.Id] = member;
            foreach (var auxiliary in squad)
            {
                if (!auxiliary.Officer.IsAuxiliary || auxiliary.Deduction is not < 0)
                    continue;
                if (auxiliary.Officer.SupervisorId is not { } supervisorId || !_squadById.TryGetValue(supervisorId, out var supervisor))
                    continue;
                supervisor.AddLinked(new RuleLine(
                    "LinkedLiability.Auxiliary",
                    "辅警扣分连带责任",
                    LinkedCategory,
                    liability.SupervisorPointsPerAuxiliary,
                    documents.Parameters([new("auxiliary", auxiliary.Officer.BadgeNumber), new("auxiliaryDeduction", Math.Round(auxiliary.Deduction, 4))]),
                    []));
            }
        }
        if (liability.SquadLeaderShareOfAverageDeduction != 0 && squad.Count > 0)
        {
            // Summed from the first member in the squad's order and divided once, exactly as Enumerable.Average does.
            var sum = squad[0].Deduction;
            for (var i = 1; i < squad.Count; i++)
                sum += squad[i].Deduction;
            var average = sum / squad.Count;
            var points = Math.Round(liability.SquadLeaderShareOfAverageDeduction * average, 2);
            if (points is not < 0)
                return;
            foreach (var leader in squad)
            {
                if (!leader.Officer.IsSquadLeader)
                    continue;
                leader.AddLinked(new RuleLine(
                    "LinkedLiability.SquadLeader",
                    "中队平均扣分连带责任",
                    LinkedCategory,
                    points,
                    documents.Parameters([new("squadAverageDeduction", Math.Round(average, 4)), new("share", liability.SquadLeaderShareOfAverageDeduction), new("members", squad.Count)]),
                    []));
            }
        }
    }

    private List<StagedSquadScore> ScoreSquads(Guid runId, BrigadeMonth facts, Dictionary<long, List<Scored>> squadMembers, EvaluationContext context, PeriodView periodView, ScoreLines documents)
    {
        var result = new List<StagedSquadScore>(facts.Squads.Count);
        foreach (var squad in facts.Squads)
        {
            var scored = squadMembers.GetValueOrDefault(squad.Id);
            var members = new List<SquadMember>(scored?.Count ?? 0);
            if (scored is not null)
            {
                foreach (var s in scored)
                    members.Add(new SquadMember(s.Month, s.Score, s.Grade, s.Card.Vetoed, HasWarning(s.Card)));
            }
            var view = SquadMonthProjection.Project(squad.Code, squad.Name, facts.Brigade.Code, periodView, members);
            var card = schemes.Squad!.Score(context, view, periodView);
            CrossCheck(runId, "squad ", squad.Code, schemes.Squad, card, context, view, periodView);
            result.Add(new StagedSquadScore
            {
                RunId = runId,
                SquadId = squad.Id,
                BrigadeId = facts.Brigade.Id,
                Code = squad.Code,
                Name = squad.Name,
                Score = (double)card.Total,
                AverageOfficerScore = Math.Round(view.AverageScore, 4),
                Grade = card.Grade ?? string.Empty,
                Vetoed = card.Vetoed,
                OverdueCases = view.OverdueCases,
                VerifiedComplaints = view.VerifiedComplaints,
                SubtotalsJson = documents.Subtotals(card),
                LinesJson = documents.Lines(card, schemes.Squad.Workflow),
                OutcomesJson = documents.Outcomes(card),
            });
        }
        return result;
    }

    private static StagedOfficerScore Stage(Guid runId, Unit brigade, Scored s, IReadOnlyList<string> peerGroup, PeriodView period, ScoreLines documents)
    {
        var overdue = 0;
        foreach (var c in s.Month.Cases)
        {
            if (OverdueCase.In(c, period.Start, period.End))
                overdue++;
        }
        var verified = 0;
        foreach (var c in s.Month.Complaints)
        {
            if (c.Verified)
                verified++;
        }
        return new StagedOfficerScore
        {
            RunId = runId,
            OfficerId = s.Officer.Id,
            BrigadeId = brigade.Id,
            SquadId = s.Officer.SquadId,
            BadgeNumber = s.Officer.BadgeNumber,
            Name = s.Officer.Name,
            Kind = s.Officer.Kind.ToString(),
            Post = s.Officer.Post.ToString(),
            PeerGroup = PeerGroupOf(s.Month, peerGroup),
            Score = s.Score,
            Grade = s.Grade,
            Vetoed = s.Card.Vetoed,
            BarredFromCommendations = s.Card.BarredFromCommendations,
            OverdueCases = overdue,
            VerifiedComplaints = verified,
            SubtotalsJson = documents.Subtotals(s.Card, s.LinkedSubtotal, s.LinkedSubtotalAt),
            LinesJson = documents.Lines(s.Card, s.Scheme.Workflow, s.LinkedLines),
            OutcomesJson = documents.Outcomes(s.Card),
        };
    }

    /// <summary>The peer group's values joined by '|', e.g. "B01|Patrol".</summary>
    private static string PeerGroupOf(OfficerMonth month, IReadOnlyList<string> peerGroup) => peerGroup.Count switch
    {
        1 => PeerValue(month, peerGroup[0]),
        2 => string.Concat(PeerValue(month, peerGroup[0]), "|", PeerValue(month, peerGroup[1])),
        _ => string.Join("|", peerGroup.Select(p => PeerValue(month, p))),
    };

    private static string PeerValue(OfficerMonth month, string property) => property.ToUpperInvariant() switch
    {
        "BRIGADEID" => month.BrigadeId,
        "SQUADID" => month.SquadId,
        "POSTTYPE" => month.PostType,
        "KIND" => month.Kind,
        _ => typeof(OfficerMonth).GetProperty(property, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.GetValue(month)?.ToString() ?? string.Empty,
    };

    internal static bool IsWarning(string outcome) =>
        outcome.StartsWith("Warning", StringComparison.OrdinalIgnoreCase) || outcome.StartsWith("Interview", StringComparison.OrdinalIgnoreCase);

    private static bool HasWarning(ScoreCard card)
    {
        foreach (var outcome in card.Outcomes)
        {
            if (IsWarning(outcome))
                return true;
        }
        return false;
    }

    /// <summary>A scored subject: its card as the engine gave it, plus the linked-liability lines added to it afterwards.</summary>
    private sealed class Scored(Officer officer, OfficerMonth month, CompiledScheme scheme, ScoreCard card)
    {
        public Officer Officer { get; } = officer;
        public OfficerMonth Month { get; } = month;
        public CompiledScheme Scheme { get; } = scheme;
        public ScoreCard Card { get; } = card;

        /// <summary>The card's own deductions, before any linked line.</summary>
        public double Deduction { get; } = ScoreLines.Deduction(card);

        public List<RuleLine>? LinkedLines { get; private set; }

        /// <summary>The "linked" subtotal once a linked line was added: in place of the card's own category of that name, or appended.</summary>
        public CategorySubtotal? LinkedSubtotal { get; private set; }

        public int LinkedSubtotalAt { get; private set; } = -1;

        public double Score { get; private set; } = (double)card.Total;
        public string Grade { get; private set; } = card.Grade ?? string.Empty;

        public void AddLinked(RuleLine line)
        {
            if (Card.Vetoed)
                return;
            (LinkedLines ??= []).Add(line);
            if (LinkedSubtotal is null)
            {
                LinkedSubtotalAt = Card.Categories.Count;
                var existing = 0.0;
                for (var i = 0; i < Card.Categories.Count; i++)
                {
                    if (Card.Categories[i].Name == LinkedCategory)
                    {
                        LinkedSubtotalAt = i;
                        existing = (double)Card.Categories[i].Capped;
                        break;
                    }
                }
                LinkedSubtotal = new CategorySubtotal(LinkedCategory, existing + line.Points);
            }
            else
            {
                LinkedSubtotal = LinkedSubtotal with { Points = LinkedSubtotal.Points + line.Points };
            }
            Score = Math.Round(Score + line.Points, 4);
            Grade = ScoreLines.Grade(Scheme.Scheme, Score);
        }
    }
}
