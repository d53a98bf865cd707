using AssessmentEngine.Engine.Bench.Workload;
using AssessmentEngine.Rules;

namespace AssessmentEngine.Engine.Bench.Scoring;

/// <summary>
/// The rules engine of src/Rules: compiles the workflow file against the bench's own <see cref="Officer"/> and
/// <see cref="Period"/> types and scores each officer through the fast path (no explanations), as an evaluation run does.
/// </summary>
public sealed class RulesEngineScorer(string workflowPath, RuleTable rules, bool fuseScans) : IOfficerScorer
{
    private static readonly RuleInput[] Inputs = [new("officer", typeof(Officer)), new("period", typeof(Period))];
    private static readonly EvaluationContext Context = new(new DateTimeOffset(2024, 6, 30, 23, 59, 59, TimeSpan.FromHours(8))) { Explain = false };

    private CompiledWorkflow? _workflow;
    private Dictionary<string, int> _slotOf = [];
    private Dictionary<string, int> _slotByReference = new(ReferenceEqualityComparer.Instance);

    // The workflow's own rule-name instances in workflow order, and the bench slot of each.
    private string[] _workflowNames = [];
    private int[] _workflowSlots = [];

    public string Name => fuseScans ? "engine-fused" : "engine";

    /// <summary>The compiled workflow, once prepared (for the stage profile).</summary>
    public CompiledWorkflow Workflow => _workflow ?? throw new InvalidOperationException("Prepare() first.");

    /// <summary>The context every officer is scored with.</summary>
    public static EvaluationContext ScoringContext => Context;
    public bool HasCompileStep => true;

    public void Prepare()
    {
        // A fresh engine each time: its cache would otherwise turn every warm compile into a lookup.
        var engine = new RuleEngine(new RuleCompilerOptions { FuseScans = fuseScans });
        var result = engine.Compile(File.ReadAllText(workflowPath), workflowPath, Inputs);
        if (result.RuleSet is null)
            throw new InvalidOperationException($"{workflowPath} does not compile: {string.Join("; ", result.Diagnostics)}");
        _workflow = result.RuleSet.Workflows[0];
        _slotOf = rules.Names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        _slotByReference = new Dictionary<string, int>(ReferenceEqualityComparer.Instance);
        foreach (var rule in _workflow.Definition.Rules)
            if (_slotOf.TryGetValue(rule.RuleName, out var slot))
                _slotByReference[rule.RuleName] = slot;
        var enabled = _workflow.Definition.Rules.Where(r => r.Enabled && _slotOf.ContainsKey(r.RuleName)).ToArray();
        _workflowNames = [.. enabled.Select(r => r.RuleName)];
        _workflowSlots = [.. enabled.Select(r => _slotOf[r.RuleName])];
    }

    // One input array per thread, as a host scoring a brigade would keep: a params array per call is the bench's cost, not the engine's.
    [ThreadStatic]
    private static object?[]? t_inputs;

    public OfficerScore Score(Officer officer, Period period, Span<bool> fired)
    {
        var inputs = t_inputs ??= new object?[2];
        inputs[0] = officer;
        inputs[1] = period;
        var card = _workflow!.Score(Context, inputs);
        fired.Clear();
        // Indexed, not foreach over the interface (a boxed enumerator per officer). Fired rules come in workflow order and
        // their names are the workflow's own string instances, so one forward walk over the names finds them by reference;
        // a name it does not find falls back to the dictionaries.
        var firedRules = card.FiredRules;
        var names = _workflowNames;
        var next = 0;
        for (var i = 0; i < firedRules.Count; i++)
        {
            var name = firedRules[i].RuleName;
            var at = next;
            while (at < names.Length && !ReferenceEquals(names[at], name))
                at++;
            if (at < names.Length)
            {
                fired[_workflowSlots[at]] = true;
                next = at + 1;
            }
            else
            {
                fired[_slotByReference.TryGetValue(name, out var slot) ? slot : _slotOf[name]] = true;
            }
        }
        return rules.Tally(fired);
    }

    /// <summary>Compile time of a workflow file: the first compile in the process, then the median wall time and the least thread CPU time of fresh engines.</summary>
    /// <param name="withPortability">Also check the file against Microsoft RulesEngine's parser, as the product does on every upload.</param>
    public static CompileTimes MeasureCompile(string workflowPath, int warmRuns = 7, bool withPortability = false, RuleCompilerOptions? options = null)
    {
        var text = File.ReadAllText(workflowPath);
        (double WallMs, double CpuMs) Once()
        {
            var cpu = Measurement.ThreadCpu.Nanoseconds();
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            var result = new RuleEngine(options).Compile(text, workflowPath, Inputs);
            if (result.RuleSet is null)
                throw new InvalidOperationException($"{workflowPath} does not compile: {string.Join("; ", result.Diagnostics)}");
            if (withPortability && AssessmentEngine.Rules.Reference.MicrosoftRulesEngine.Portability(result.RuleSet.Workflows[0]).Count > 0)
                throw new InvalidOperationException($"{workflowPath} is not portable to Microsoft RulesEngine.");
            return (stopwatch.Elapsed.TotalMilliseconds, (Measurement.ThreadCpu.Nanoseconds() - cpu) / 1e6);
        }
        var cold = Once();
        var warm = Enumerable.Range(0, warmRuns).Select(_ => Once()).ToList();
        return new CompileTimes(cold.WallMs, warm.Select(w => w.WallMs).Order().ElementAt(warm.Count / 2), warm.Min(w => w.CpuMs));
    }
}

public sealed record CompileTimes(double ColdMs, double WarmMs, double CpuMs);
