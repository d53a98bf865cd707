using System.Linq.Expressions;
using AssessmentEngine.Engine.Bench.Workload;

namespace AssessmentEngine.Engine.Bench.Scoring;

/// <summary>
/// The 25 rules as expression trees compiled to delegates in <see cref="Prepare"/>: one delegate per
/// GlobalParam (run in order, each seeing the earlier ones) and one per rule, as RulesEngine compiles
/// a workflow. The trees are written by the C# compiler instead of parsed, so this is roughly what an
/// expression-compiling engine reaches without fusion, and it exercises the compile-time columns.
/// </summary>
public sealed class CompiledExpressionScorer : IOfficerScorer
{
    private readonly RuleTable _rules;
    private Action<Officer, Period, GlobalParams>[] _params = [];
    private Func<Officer, Period, GlobalParams, bool>[] _ruleDelegates = [];

    public CompiledExpressionScorer(RuleTable rules)
    {
        rules.RequireOrder(LinqReferenceScorer.RuleNames, nameof(CompiledExpressionScorer));
        _rules = rules;
    }

    public string Name => "compiled-expressions";
    public bool HasCompileStep => true;

    public void Prepare()
    {
        _params =
        [
            Param(g => g.EnfCount, (o, p, g) => o.Enforcements.Count),
            Param(g => g.FootageCount, (o, p, g) => o.Enforcements.Count(e => e.HasFootage)),
            Param(g => g.BodycamRate, (o, p, g) => g.EnfCount == 0 ? 1.0 : g.FootageCount * 1.0 / g.EnfCount),
            Param(g => g.DrunkCount, (o, p, g) => o.Enforcements.Count(e => e.Code == "drunk" || e.Code == "drunk_severe")),
            Param(g => g.LateCount, (o, p, g) => o.Attendance.Count(a => a.Status == "late")),
            Param(g => g.AbsentCount, (o, p, g) => o.Attendance.Count(a => a.Status == "absent")),
            Param(g => g.PresentRate, (o, p, g) => o.Attendance.Count == 0 ? 0.0 : o.Attendance.Count(a => a.Status == "present") * 1.0 / o.Attendance.Count),
            Param(g => g.OverdueCount, (o, p, g) => o.Cases.Count(c => (c.ClosedAt == null && c.DeadlineAt < p.End) || (c.ClosedAt != null && c.ClosedAt > c.DeadlineAt))),
        ];

        Expression<Func<Officer, Period, GlobalParams, bool>>[] rules =
        [
            (o, p, g) => g.EnfCount > 0 && g.BodycamRate < 0.95,
            (o, p, g) => o.Enforcements.Any(e => e.PenaltyIssued && !e.HasFootage),
            (o, p, g) => o.Enforcements.Any(e => e.HasFootage && e.UploadDelayHours > 24),
            (o, p, g) => o.PostType == "road" && g.EnfCount < 40,
            (o, p, g) => g.DrunkCount >= 3,
            (o, p, g) => o.Enforcements.Any(e => e.Code == "drunk_severe" && e.PenaltyIssued && e.HasFootage),
            (o, p, g) => o.Kind == "辅警" && o.Enforcements.Any(e => e.PenaltyIssued && e.Code != "parking"),
            (o, p, g) => g.OverdueCount >= 1,
            (o, p, g) => g.OverdueCount >= 2,
            (o, p, g) => o.Cases.Count > 0 && o.Cases.All(c => c.ClosedAt != null && c.ClosedAt <= c.DeadlineAt),
            (o, p, g) => o.Cases.Any(c => c.Kind == "criminal" && c.ClosedAt >= p.Start && c.ClosedAt < p.End),
            (o, p, g) => g.LateCount >= 1,
            (o, p, g) => g.LateCount >= 3,
            (o, p, g) => o.Attendance.Any(a => a.Status == "early"),
            (o, p, g) => g.AbsentCount >= 1,
            (o, p, g) => g.PresentRate < 0.9,
            (o, p, g) => o.Attendance.Count >= 20 && o.Attendance.All(a => a.Status == "present"),
            (o, p, g) => o.Incidents.Any(i => i.Verified && i.Code == "off_post"),
            (o, p, g) => o.Incidents.Any(i => i.Verified && i.Code == "uniform"),
            (o, p, g) => o.Incidents.Any(i => i.Verified && i.Code == "drinking"),
#pragma warning disable CA1827 // Mirrors the workflow's Count(..) >= 1.
            (o, p, g) => o.Incidents.Count(i => i.Verified && i.Code == "order_not_executed") >= 1,
#pragma warning restore CA1827
            (o, p, g) => o.Complaints.Any(c => c.Verified),
            (o, p, g) => o.Commendations.Any(c => c.Level == "letter" || c.Level == "notice"),
            (o, p, g) => o.Commendations.Any(c => c.Level == "award" || c.Level == "merit3"),
            (o, p, g) => (o.Kind == "辅警" && o.DutyHours < 160) || (o.IsSquadLeader && o.DutyHours < 170),
        ];
        _ruleDelegates = [.. rules.Select(r => r.Compile())];
    }

    public OfficerScore Score(Officer officer, Period period, Span<bool> fired)
    {
        var globals = new GlobalParams();
        foreach (var param in _params)
            param(officer, period, globals);
        for (var i = 0; i < _ruleDelegates.Length; i++)
            fired[i] = _ruleDelegates[i](officer, period, globals);
        return _rules.Tally(fired);
    }

    // Compiles "g.Target = value(o, p, g)" so each param is its own delegate, like a RulesEngine GlobalParam.
    private static Action<Officer, Period, GlobalParams> Param<T>(
        Expression<Func<GlobalParams, T>> target, Expression<Func<Officer, Period, GlobalParams, T>> value)
    {
        var member = (MemberExpression)target.Body;
        var globals = value.Parameters[2];
        var assign = Expression.Assign(Expression.MakeMemberAccess(globals, member.Member), value.Body);
        return Expression.Lambda<Action<Officer, Period, GlobalParams>>(assign, value.Parameters).Compile();
    }

    public sealed class GlobalParams
    {
        public int EnfCount { get; set; }
        public int FootageCount { get; set; }
        public double BodycamRate { get; set; }
        public int DrunkCount { get; set; }
        public int LateCount { get; set; }
        public int AbsentCount { get; set; }
        public double PresentRate { get; set; }
        public int OverdueCount { get; set; }
    }
}
