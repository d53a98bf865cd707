using System.Linq.Expressions;
using AssessmentEngine.Rules.Compilation;
using AssessmentEngine.Rules.Execution;
using FastExpressionCompiler;
using RulesEngine.Models;
using ReRuleResultTree = RulesEngine.Models.RuleResultTree;

namespace AssessmentEngine.Rules.Reference;

/// <summary>
/// One workflow our engine accepted, run by Microsoft RulesEngine: it decides every rule outcome and evaluates Points and
/// Evidence with its own parser; caps, veto and grade then come from the same scoring code as the compiled engine.
/// </summary>
internal sealed class ReferenceWorkflow
{
    private const string FaultPrefix = "Error while executing rule";
    private const string ParseFaultPrefix = "Exception while";

    private readonly CompiledWorkflow _workflow;
    private readonly RulesEngine.RulesEngine _engine;
    private readonly Dictionary<int, (Func<object?[], decimal> Run, IReadOnlyList<ParameterExpression> Parameters)> _points = [];
    private readonly Dictionary<int, (Func<object?[], object?> Run, IReadOnlyList<ParameterExpression> Parameters)> _evidence = [];
    private readonly int _decimals;

    public ReferenceWorkflow(CompiledWorkflow workflow, bool useFastExpressionCompiler)
    {
        _workflow = workflow;
        // No CustomTypes, ever: registering a system type opens all its static members to expressions (docs/adr/0022).
        var settings = new ReSettings { CustomTypes = [], UseFastExpressionCompiler = useFastExpressionCompiler };
        _engine = new RulesEngine.RulesEngine([ReferenceModel.Of(workflow.Definition)], settings);
        var typing = new ReferenceTyping(workflow, settings);
        foreach (var (slot, rule) in typing.Rules)
        {
            if (rule.Points is { } points)
                _points[slot] = (Compile<decimal>(points, useFastExpressionCompiler), points.Parameters);
            if (rule.Evidence is { } evidence)
                _evidence[slot] = (Compile<object?>(evidence, useFastExpressionCompiler), evidence.Parameters);
        }
        _decimals = workflow.Definition.Scheme?.Decimals ?? Model.Scheme.DefaultPrecision;
    }

    public ScoreCard Score(EvaluationContext context, object?[] inputs)
    {
        var (results, _) = Run(inputs);
        return _workflow.ScoreFrom(Fill(results, context.Explain));
    }

    public IReadOnlyList<RuleResultTree> Execute(EvaluationContext context, object?[] inputs)
    {
        var (results, originals) = Run(inputs);
        var run = Fill(results, explain: true);
        return _workflow.TopLevel.Select(node => Map(node, results.GetValueOrDefault(node.Rule.RuleName), run, originals, topLevel: true)).ToArray();
    }

    private (Dictionary<string, ReRuleResultTree> Results, Dictionary<string, object?> Originals) Run(object?[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length != _workflow.Inputs.Count)
            throw new ArgumentException($"Workflow '{_workflow.Name}' expects {_workflow.Inputs.Count} input(s) but got {inputs.Length}.", nameof(inputs));
        var parameters = new RuleParameter[inputs.Length];
        var originals = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Length; i++)
        {
            var declared = _workflow.Inputs[i];
            parameters[i] = new RuleParameter(declared.Name, declared.Prepare(inputs[i]));
            originals[declared.Name] = declared.Shape is not null && inputs[i] is string text ? System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(text) : inputs[i];
        }
        var results = _engine.ExecuteAllRulesAsync(_workflow.Name, parameters).AsTask().GetAwaiter().GetResult();
        var byName = new Dictionary<string, ReRuleResultTree>(StringComparer.Ordinal);
        foreach (var result in results)
            byName.TryAdd(result.Rule.RuleName, result);
        return (byName, originals);
    }

    private RuleRun Fill(Dictionary<string, ReRuleResultTree> results, bool explain)
    {
        var run = _workflow.NewRun(explain);
        foreach (var node in _workflow.TopLevel)
        {
            var slot = node.Index;
            if (!results.TryGetValue(node.Rule.RuleName, out var result))
                continue;
            if (FaultOf(result) is { } fault)
            {
                run.States[slot] = (byte)RuleState.Fault;
                run.Faults[slot] = new InvalidOperationException(fault);
                continue;
            }
            if (!result.IsSuccess)
            {
                run.States[slot] = (byte)RuleState.Failure;
                continue;
            }
            try
            {
                if (_points.TryGetValue(slot, out var points))
                    run.Points[slot] = points.Run(ValuesOf(points.Parameters, result));
                if (explain)
                {
                    if (node.Explained.Count > 0)
                        run.Explained[slot] = node.Explained.Select(p => Lookup(result.Inputs, p.Name)).ToArray();
                    if (_evidence.TryGetValue(slot, out var evidence))
                        run.Evidence[slot] = evidence.Run(ValuesOf(evidence.Parameters, result)) is System.Collections.IEnumerable records ? records.Cast<object?>().ToArray() : null;
                }
                run.States[slot] = (byte)RuleState.Success;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArithmeticException or NullReferenceException or InvalidCastException or ArgumentException or IndexOutOfRangeException)
            {
                run.States[slot] = (byte)RuleState.Fault;
                run.Faults[slot] = ex;
            }
        }
        return run;
    }

    private RuleResultTree Map(RuleNode node, ReRuleResultTree? result, RuleRun run, Dictionary<string, object?> originals, bool topLevel)
    {
        var success = result is not null && result.IsSuccess && FaultOf(result) is null;
        var values = new Dictionary<string, object?>(result?.Inputs ?? [], StringComparer.Ordinal);
        foreach (var (name, value) in originals)
            values[name] = value;
        string? message = null;
        if (result is not null && FaultOf(result) is { } fault)
            message = $"{FaultPrefix} : {node.Rule.RuleName} - {fault}";
        else if (!success && topLevel && node.Rule.ErrorMessage is { } errorMessage)
            message = CompiledWorkflow.FormatErrorMessage(errorMessage, values);
        var children = result?.ChildResults?.ToDictionary(c => c.Rule.RuleName, StringComparer.Ordinal) ?? [];
        return new RuleResultTree
        {
            Rule = node.Rule,
            IsSuccess = success,
            ChildResults = node.Rule.Operator is null ? null : node.Children.Select(c => Map(c, children.GetValueOrDefault(c.Rule.RuleName), run, originals, topLevel: false)).ToArray(),
            Inputs = values,
            ExceptionMessage = message,
            SuccessEvent = success ? node.Rule.SuccessEvent : null,
            Score = topLevel && success && node.Rule.Scoring is not null ? ScoreCalculator.Explain(node, run, _decimals) : null,
        };
    }

    /// <summary>RulesEngine reports a runtime fault in the failed rule's message; a plain failure carries its ErrorMessage or nothing.</summary>
    private static string? FaultOf(ReRuleResultTree result)
    {
        if (result.IsSuccess || result.ExceptionMessage is not { } message)
            return null;
        if (!message.StartsWith(FaultPrefix, StringComparison.Ordinal) && !message.StartsWith(ParseFaultPrefix, StringComparison.Ordinal))
            return null;
        var dash = message.IndexOf(" - ", StringComparison.Ordinal);
        return dash < 0 ? message : message[(dash + 3)..];
    }

    private static object?[] ValuesOf(IReadOnlyList<ParameterExpression> parameters, ReRuleResultTree result) => parameters.Select(p => Lookup(result.Inputs, p.Name ?? "")).ToArray();

    private static object? Lookup(Dictionary<string, object> values, string name)
    {
        if (values.TryGetValue(name, out var value))
            return value;
        foreach (var (key, other) in values)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return other;
        return null;
    }

    private static Func<object?[], T> Compile<T>(LambdaExpression lambda, bool fast)
    {
        var values = Expression.Parameter(typeof(object?[]), "values");
        var arguments = lambda.Parameters.Select((p, i) => Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(i)), p.Type));
        var wrapper = Expression.Lambda<Func<object?[], T>>(Expression.Convert(Expression.Invoke(lambda, arguments), typeof(T)), values);
        return fast ? wrapper.CompileFast() : wrapper.Compile();
    }
}
