using AssessmentEngine.Engine.Bench.Workload;
using AssessmentEngine.Rules;
using AssessmentEngine.Rules.Reference;

namespace AssessmentEngine.Engine.Bench.Scoring;

/// <summary>
/// Microsoft RulesEngine 6.0.1 through src/Rules' reference adapter (as Rules:Engine=RulesEngine runs it): the
/// workflow passes our checker first, then RulesEngine decides every rule, with its default settings or its fast compiler.
/// </summary>
public sealed class MicrosoftRulesEngineScorer(string workflowPath, RuleTable rules, bool fastCompiler) : IOfficerScorer
{
    private static readonly RuleInput[] Inputs = [new("officer", typeof(Officer)), new("period", typeof(Period))];
    private static readonly EvaluationContext Context = new(new DateTimeOffset(2024, 6, 30, 23, 59, 59, TimeSpan.FromHours(8))) { Explain = false };

    private CompiledWorkflow? _workflow;
    private MicrosoftRulesEngine? _engine;
    private Dictionary<string, int> _slotOf = [];

    public string Name => fastCompiler ? "rulesengine-fast" : "rulesengine";
    public bool HasCompileStep => true;

    public void Prepare()
    {
        var result = new RuleEngine().Compile(File.ReadAllText(workflowPath), workflowPath, Inputs);
        _workflow = result.RuleSet?.Workflows[0] ?? throw new InvalidOperationException($"{workflowPath} does not compile: {string.Join("; ", result.Diagnostics)}");
        _engine = new MicrosoftRulesEngine(fastCompiler);
        _slotOf = rules.Names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
    }

    public OfficerScore Score(Officer officer, Period period, Span<bool> fired)
    {
        var card = _engine!.Score(_workflow!, Context, officer, period);
        fired.Clear();
        foreach (var rule in card.FiredRules)
            fired[_slotOf[rule.RuleName]] = true;
        return rules.Tally(fired);
    }
}
