using AssessmentEngine.Rules.Compilation;
using AssessmentEngine.Rules.Execution;
using AssessmentEngine.Rules.Model;

namespace AssessmentEngine.Rules;

/// <summary>
/// Turns the rule outcomes of one evaluation into a score: rule caps, category caps, veto, grade. Decimal arithmetic in
/// workflow order. Everything that does not depend on the subject is prepared once per workflow, so a score card
/// allocates little more than its own records.
/// </summary>
internal sealed class ScoreCalculator
{
    private readonly CompiledWorkflow _workflow;
    private readonly RuleNode[] _rules;
    private readonly int[] _slots;
    private readonly bool[] _hasPointsExpression;
    private readonly Scheme? _scheme;
    private readonly ScoreCategory[] _categories;
    private readonly int[] _categoryOf;
    private readonly CategoryScore[] _zeroScores;
    private readonly GradeBand[] _grades;

    // Without explanations, a rule with constant points fires the same way for everyone: one shared record.
    private readonly FiredRule?[] _constantFired;

    public ScoreCalculator(CompiledWorkflow workflow, IReadOnlyList<RuleNode> rules)
    {
        _workflow = workflow;
        _rules = [.. rules];
        _slots = rules.Select(r => r.Index).ToArray();
        _hasPointsExpression = rules.Select(r => r.Rule.Scoring?.PointsExpression is not null).ToArray();
        _scheme = workflow.Definition.Scheme;
        var categories = new List<ScoreCategory>(_scheme?.Categories ?? []);
        foreach (var name in rules.Select(r => r.Rule.Scoring?.Category ?? "").Where(n => n.Length > 0))
            if (!categories.Any(c => string.Equals(c.Name, name, StringComparison.Ordinal)))
                categories.Add(new ScoreCategory(name, null, null));
        if (rules.Any(r => r.Rule.Scoring?.Category is null))
            categories.Add(new ScoreCategory("", null, null));
        _categories = [.. categories];
        _categoryOf = rules.Select(r => categories.FindIndex(c => c.Name == (r.Rule.Scoring?.Category ?? ""))).ToArray();
        _zeroScores = _categories.Select(c => new CategoryScore(c.Name, c.Title, 0m, c.Cap, 0m)).ToArray();
        _grades = [.. (_scheme?.Grades ?? []).OrderByDescending(g => g.Min ?? decimal.MinValue)];
        _constantFired = rules.Select(r => r.Rule.Scoring?.PointsExpression is null ? Fired(r, r.Rule.Scoring?.Points ?? 0m, [], []) : null).ToArray();
    }

    public ScoreCard Calculate(RuleRun run)
    {
        var states = run.States;
        var firedCount = 0;
        var faultCount = 0;
        for (var i = 0; i < _rules.Length; i++)
        {
            var state = (RuleState)states[_slots[i]];
            if (state == RuleState.Fault || _rules[i].CompileError is not null)
                faultCount++;
            else if (state == RuleState.Success)
                firedCount++;
        }

        var fired = firedCount == 0 ? [] : new FiredRule[firedCount];
        var faults = faultCount == 0 ? [] : new RuleFault[faultCount];
        Span<decimal> raw = stackalloc decimal[_categories.Length];
        Span<bool> touched = stackalloc bool[_categories.Length];
        var vetoed = false;
        var hasOutcome = false;
        int f = 0, x = 0;
        for (var i = 0; i < _rules.Length && f + x < firedCount + faultCount; i++)
        {
            var slot = _slots[i];
            var state = (RuleState)states[slot];
            if (state is not (RuleState.Success or RuleState.Fault) && _rules[i].CompileError is null)
                continue;
            var node = _rules[i];
            if (node.CompileError is not null)
            {
                faults[x++] = new RuleFault(node.Rule.RuleName, node.CompileError);
                continue;
            }
            if (state == RuleState.Fault)
            {
                faults[x++] = new RuleFault(node.Rule.RuleName, $"Error while executing rule : {node.Rule.RuleName} - {run.Faults[slot]?.Message}");
                continue;
            }

            var values = run.Explained[slot];
            var evidence = run.Evidence[slot];
            var record = values is null && evidence is null && _constantFired[i] is { } shared
                ? shared
                : Fired(node, _hasPointsExpression[i] ? run.Points[slot] : node.Rule.Scoring?.Points ?? 0m, Explain(node, values), evidence is null ? [] : CompiledWorkflow.EvidenceIds(evidence));
            fired[f++] = record;
            vetoed |= record.Veto;
            hasOutcome |= record.Outcome is not null;
            if (record.Points != 0m)
            {
                raw[_categoryOf[i]] += record.Points;
                touched[_categoryOf[i]] = true;
            }
        }

        var categories = new CategoryScore[_categories.Length];
        var sum = 0m;
        for (var c = 0; c < _categories.Length; c++)
        {
            if (!touched[c])
            {
                categories[c] = _zeroScores[c];
                continue;
            }
            var capped = ApplyCap(raw[c], _categories[c].Cap);
            sum += capped;
            categories[c] = new CategoryScore(_categories[c].Name, _categories[c].Title, raw[c], _categories[c].Cap, capped);
        }

        var baseScore = _scheme?.BaseScore ?? 0m;
        var total = vetoed ? _scheme?.VetoScore ?? 0m : baseScore + sum;
        return new ScoreCard
        {
            Workflow = _workflow.Name,
            VersionHash = _workflow.VersionHash,
            BaseScore = baseScore,
            Total = total,
            Grade = Grade(total),
            Vetoed = vetoed,
            BarredFromCommendations = vetoed,
            Categories = categories,
            FiredRules = fired,
            Outcomes = hasOutcome ? Outcomes(fired, vetoed) : [],
            Faults = faults,
        };
    }

    /// <summary>The explanation of one fired rule, for RulesEngine-shaped results.</summary>
    public static FiredRule Explain(RuleNode node, RuleRun run)
    {
        var slot = node.Index;
        var points = node.Rule.Scoring?.PointsExpression is not null ? run.Points[slot] : node.Rule.Scoring?.Points ?? 0m;
        return Fired(node, points, Explain(node, run.Explained[slot]), run.Evidence[slot] is { } evidence ? CompiledWorkflow.EvidenceIds(evidence) : []);
    }

    private static IReadOnlyList<ParameterValue> Explain(RuleNode node, object?[]? values)
    {
        if (values is null)
            return [];
        var explained = new ParameterValue[values.Length];
        for (var v = 0; v < values.Length; v++)
            explained[v] = new ParameterValue(node.Explained[v].Name, values[v]);
        return explained;
    }

    private static FiredRule Fired(RuleNode node, decimal rawPoints, IReadOnlyList<ParameterValue> parameters, IReadOnlyList<string> evidenceIds)
    {
        var scoring = node.Rule.Scoring;
        var points = rawPoints;
        if (scoring?.Cap is { } cap)
            points = rawPoints < 0 ? Math.Max(rawPoints, -Math.Abs(cap)) : Math.Min(rawPoints, Math.Abs(cap));
        return new FiredRule
        {
            RuleName = node.Rule.RuleName,
            Title = scoring?.Title,
            Category = scoring?.Category,
            RawPoints = rawPoints,
            Points = points,
            Veto = scoring?.Veto == true,
            Outcome = scoring?.Outcome,
            Parameters = parameters,
            EvidenceIds = evidenceIds,
        };
    }

    private static string[] Outcomes(FiredRule[] fired, bool vetoed) =>
        fired.Where(r => r.Outcome is not null && !(vetoed && r.Outcome.StartsWith("Commendation", StringComparison.OrdinalIgnoreCase))).Select(r => r.Outcome!).ToArray();

    private static decimal ApplyCap(decimal raw, decimal? cap) => cap switch
    {
        null => raw,
        < 0 => Math.Max(raw, cap.Value),
        _ => Math.Min(raw, cap.Value),
    };

    private string? Grade(decimal total)
    {
        foreach (var grade in _grades)
            if (grade.Min is null || total >= grade.Min)
                return grade.Name;
        return null;
    }
}
