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
            CrossCheck(runId, "officer " + officer.BadgeNumber, scheme, card, context, month, periodView);
            scored.Add(new Scored(officer, month, scheme, card, ScoreLines.Lines(card, scheme.Workflow), ScoreLines.Subtotals(card)));
        }

        foreach (var squadMembers in scored.GroupBy(s => s.Officer.SquadId))
            ApplyLinkedLiability(squadMembers.ToList());

        var officers = scored.Select(s => Stage(runId, facts.Brigade, s, peerGroup, periodView)).ToList();
        var squads = schemes.Squad is null ? [] : ScoreSquads(runId, facts, scored, context, periodView);
        return new BrigadeScores(officers, squads, watch.Elapsed.TotalSeconds) { CrossChecked = _crossChecked, Disagreements = _disagreements };
    }

    private int _crossChecked;
    private readonly List<RunDisagreement> _disagreements = [];

    /// <summary>Scores a sampled subject again with the other engine and keeps what differs (Rules:CrossCheck).</summary>
    private void CrossCheck(Guid runId, string subject, CompiledScheme scheme, ScoreCard card, EvaluationContext context, params object?[] inputs)
    {
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
    private void ApplyLinkedLiability(List<Scored> squad)
    {
        var byId = squad.ToDictionary(s => s.Officer.Id);
        var ownDeductions = squad.ToDictionary(s => s.Officer.Id, s => ScoreLines.Deduction(s.Lines));
        if (liability.SupervisorPointsPerAuxiliary != 0)
        {
            foreach (var auxiliary in squad.Where(s => s.Officer.IsAuxiliary && ownDeductions[s.Officer.Id] < 0))
            {
                if (auxiliary.Officer.SupervisorId is not { } supervisorId || !byId.TryGetValue(supervisorId, out var supervisor))
                    continue;
                supervisor.AddLinked(new RuleLine(
                    "LinkedLiability.Auxiliary",
                    "辅警扣分连带责任",
                    LinkedCategory,
                    liability.SupervisorPointsPerAuxiliary,
                    ScoreLines.Serialize(new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["auxiliary"] = auxiliary.Officer.BadgeNumber, ["auxiliaryDeduction"] = Math.Round(ownDeductions[auxiliary.Officer.Id], 4) }),
                    []));
            }
        }
        if (liability.SquadLeaderShareOfAverageDeduction != 0 && squad.Count > 0)
        {
            var average = ownDeductions.Values.Average();
            var points = Math.Round(liability.SquadLeaderShareOfAverageDeduction * average, 2);
            foreach (var leader in squad.Where(s => s.Officer.IsSquadLeader && points < 0))
            {
                leader.AddLinked(new RuleLine(
                    "LinkedLiability.SquadLeader",
                    "中队平均扣分连带责任",
                    LinkedCategory,
                    points,
                    ScoreLines.Serialize(new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["squadAverageDeduction"] = Math.Round(average, 4), ["share"] = liability.SquadLeaderShareOfAverageDeduction, ["members"] = squad.Count }),
                    []));
            }
        }
    }

    private List<StagedSquadScore> ScoreSquads(Guid runId, BrigadeMonth facts, List<Scored> scored, EvaluationContext context, PeriodView periodView)
    {
        var result = new List<StagedSquadScore>(facts.Squads.Count);
        foreach (var squad in facts.Squads)
        {
            var members = scored.Where(s => s.Officer.SquadId == squad.Id)
                .Select(s => new SquadMember(s.Month, s.Score, s.Grade, s.Card.Vetoed, s.Card.Outcomes.Any(IsWarning)))
                .ToList();
            var view = SquadMonthProjection.Project(squad.Code, squad.Name, facts.Brigade.Code, periodView, members);
            var card = schemes.Squad!.Score(context, view, periodView);
            CrossCheck(runId, "squad " + squad.Code, schemes.Squad, card, context, view, periodView);
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
                SubtotalsJson = ScoreLines.Serialize(ScoreLines.Subtotals(card)),
                LinesJson = ScoreLines.Serialize(ScoreLines.Lines(card, schemes.Squad.Workflow)),
                OutcomesJson = ScoreLines.Serialize(OutcomeCause.Of(card)),
            });
        }
        return result;
    }

    private static StagedOfficerScore Stage(Guid runId, Unit brigade, Scored s, IReadOnlyList<string> peerGroup, PeriodView period)
    {
        var overdue = s.Month.Cases.Count(c => OverdueCase.In(c, period.Start, period.End));
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
            PeerGroup = string.Join("|", peerGroup.Select(p => PeerValue(s.Month, p))),
            Score = s.Score,
            Grade = s.Grade,
            Vetoed = s.Card.Vetoed,
            BarredFromCommendations = s.Card.BarredFromCommendations,
            OverdueCases = overdue,
            VerifiedComplaints = s.Month.Complaints.Count(c => c.Verified),
            SubtotalsJson = ScoreLines.Serialize(s.Subtotals),
            LinesJson = ScoreLines.Serialize(s.Lines),
            OutcomesJson = ScoreLines.Serialize(OutcomeCause.Of(s.Card)),
        };
    }

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

    private sealed class Scored(Officer officer, OfficerMonth month, CompiledScheme scheme, ScoreCard card, List<RuleLine> lines, List<CategorySubtotal> subtotals)
    {
        public Officer Officer { get; } = officer;
        public OfficerMonth Month { get; } = month;
        public ScoreCard Card { get; } = card;
        public List<RuleLine> Lines { get; } = lines;
        public List<CategorySubtotal> Subtotals { get; } = subtotals;
        public double Score { get; private set; } = (double)card.Total;
        public string Grade { get; private set; } = card.Grade ?? string.Empty;

        public void AddLinked(RuleLine line)
        {
            if (Card.Vetoed)
                return;
            Lines.Add(line);
            var existing = Subtotals.FindIndex(s => s.Category == LinkedCategory);
            var subtotal = (existing >= 0 ? Subtotals[existing].Points : 0) + line.Points;
            if (existing >= 0)
                Subtotals[existing] = new CategorySubtotal(LinkedCategory, subtotal);
            else
                Subtotals.Add(new CategorySubtotal(LinkedCategory, subtotal));
            Score = Math.Round(Score + line.Points, 4);
            Grade = ScoreLines.Grade(scheme.Scheme, Score);
        }
    }
}
