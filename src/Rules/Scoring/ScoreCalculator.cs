using AssessmentEngine.Rules.Compilation;
using AssessmentEngine.Rules.Execution;

namespace AssessmentEngine.Rules;

/// <summary>Turns the rule outcomes of one evaluation into a score: rule caps, category caps, veto, grade. Decimal arithmetic, workflow order.</summary>
internal static class ScoreCalculator
{
    public static ScoreCard Calculate(CompiledWorkflow workflow, IReadOnlyList<RuleNode> rules, RuleRun run)
    {
        var scheme = workflow.Definition.Scheme;
        var fired = new List<FiredRule>();
        List<RuleFault>? faults = null;
        var vetoed = false;
        foreach (var node in rules)
        {
            var state = (RuleState)run.States[node.Index];
            if (state == RuleState.Fault)
            {
                (faults ??= []).Add(new RuleFault(node.Rule.RuleName, $"Error while executing rule : {node.Rule.RuleName} - {run.Faults[node.Index]?.Message}"));
                continue;
            }
            if (node.CompileError is not null)
            {
                (faults ??= []).Add(new RuleFault(node.Rule.RuleName, node.CompileError));
                continue;
            }
            if (state != RuleState.Success)
                continue;

            var scoring = node.Rule.Scoring;
            var raw = scoring?.PointsExpression is not null ? run.Points[node.Index] : scoring?.Points ?? 0m;
            var points = raw;
            if (scoring?.Cap is { } cap)
                points = raw < 0 ? Math.Max(raw, -Math.Abs(cap)) : Math.Min(raw, Math.Abs(cap));
            vetoed |= scoring?.Veto == true;

            var parameters = Array.Empty<ParameterValue>();
            if (run.Explained[node.Index] is { } values)
            {
                parameters = new ParameterValue[values.Length];
                for (var i = 0; i < values.Length; i++)
                    parameters[i] = new ParameterValue(node.Explained[i].Name, values[i]);
            }
            fired.Add(new FiredRule
            {
                RuleName = node.Rule.RuleName,
                Title = scoring?.Title,
                Category = scoring?.Category,
                RawPoints = raw,
                Points = points,
                Veto = scoring?.Veto == true,
                Outcome = scoring?.Outcome,
                Parameters = parameters,
                EvidenceIds = CompiledWorkflow.EvidenceIds(run.Evidence[node.Index]),
            });
        }

        var categories = new List<CategoryScore>();
        var declared = scheme?.Categories ?? [];
        foreach (var category in declared)
        {
            var raw = fired.Where(f => string.Equals(f.Category, category.Name, StringComparison.Ordinal)).Sum(f => f.Points);
            categories.Add(new CategoryScore(category.Name, category.Title, raw, category.Cap, ApplyCap(raw, category.Cap)));
        }
        foreach (var name in fired.Select(f => f.Category ?? "").Distinct(StringComparer.Ordinal).Where(n => !declared.Any(c => c.Name == n)))
        {
            var raw = fired.Where(f => (f.Category ?? "") == name).Sum(f => f.Points);
            categories.Add(new CategoryScore(name, null, raw, null, raw));
        }

        var baseScore = scheme?.BaseScore ?? 0m;
        var total = vetoed ? scheme?.VetoScore ?? 0m : baseScore + categories.Sum(c => c.Capped);
        var outcomes = fired.Where(f => f.Outcome is not null && !(vetoed && f.Outcome.StartsWith("Commendation", StringComparison.OrdinalIgnoreCase)))
            .Select(f => f.Outcome!)
            .ToArray();
        return new ScoreCard
        {
            Workflow = workflow.Name,
            VersionHash = workflow.VersionHash,
            BaseScore = baseScore,
            Total = total,
            Grade = Grade(scheme?.Grades ?? [], total),
            Vetoed = vetoed,
            BarredFromCommendations = vetoed,
            Categories = categories,
            FiredRules = fired,
            Outcomes = outcomes,
            Faults = faults ?? (IReadOnlyList<RuleFault>)[],
        };
    }

    private static decimal ApplyCap(decimal raw, decimal? cap) => cap switch
    {
        null => raw,
        < 0 => Math.Max(raw, cap.Value),
        _ => Math.Min(raw, cap.Value),
    };

    private static string? Grade(IReadOnlyList<Model.GradeBand> grades, decimal total) =>
        grades.OrderByDescending(g => g.Min ?? decimal.MinValue).FirstOrDefault(g => g.Min is null || total >= g.Min)?.Name;
}
