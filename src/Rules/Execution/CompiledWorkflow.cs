using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using AssessmentEngine.Rules.Binding.Builtins;
using AssessmentEngine.Rules.Compilation;
using AssessmentEngine.Rules.Execution;
using AssessmentEngine.Rules.Model;
using Tree = System.Linq.Expressions.Expression;

namespace AssessmentEngine.Rules;

/// <summary>
/// A workflow compiled into one delegate. Immutable and thread-safe: each thread reuses its own result buffer.
/// </summary>
public sealed partial class CompiledWorkflow
{
    // Reusable buffers per thread for the scoring path (a few, so a host may alternate schemes, e.g. officers and
    // auxiliaries); the RulesEngine-shaped path allocates its own.
    [ThreadStatic]
    private static RuleRun?[]? t_buffers;

    [ThreadStatic]
    private static int t_nextBuffer;

    private readonly RuleNode[] _rules;

    // The inputs as an array: every evaluation checks them, and through IReadOnlyList each read is an interface call.
    private readonly RuleInput[] _declared;
    private readonly int _slotCount;
    private readonly Action<object?[], EvaluationContext, RuleRun> _run;
    private readonly bool _hasJsonInputs;
    private readonly ScoreCalculator _calculator;
    private readonly long _maxTextWork;

    internal CompiledWorkflow(Workflow definition, IReadOnlyList<RuleInput> inputs, IReadOnlyList<RuleNode> rules, int slotCount, Action<object?[], EvaluationContext, RuleRun> run, RuleCompilerOptions options)
    {
        Definition = definition;
        Inputs = inputs;
        _declared = [.. inputs];
        _rules = [.. rules];
        _slotCount = slotCount;
        _run = run;
        FusedScans = options.FuseScans;
        _maxTextWork = options.MaxTextWork;
        _hasJsonInputs = inputs.Any(i => i.Shape is not null);
        _inputsFit = InputsFit(_declared);
        _calculator = new ScoreCalculator(this, rules);
    }

    public string Name => Definition.WorkflowName;

    public Workflow Definition { get; }

    public IReadOnlyList<RuleInput> Inputs { get; }

    public bool FusedScans { get; }

    /// <summary>How many shared loops the fusion produced (each replaces two or more separate scans of one list).</summary>
    public int FusedLoops { get; internal init; }

    /// <summary>The SHA-256 (hex) of the rule set this workflow belongs to: the version every result records.</summary>
    public string VersionHash { get; internal set; } = "";

    internal RuleSet? Owner { get; set; }

    /// <summary>Evaluates every enabled rule and returns RulesEngine-shaped results (top-level rules, in file order).</summary>
    public IReadOnlyList<RuleResultTree> Execute(EvaluationContext context, params object?[] inputs)
    {
        var run = Evaluate(context, inputs, explain: true, execute: true);
        return _rules.Select(node => Result(node, run, inputs, context, topLevel: true)!).ToArray();
    }

    /// <summary>Evaluates one top-level rule by name (all parameters are evaluated; other rules' results are discarded).</summary>
    public RuleResultTree ExecuteRule(string ruleName, EvaluationContext context, params object?[] inputs)
    {
        var node = _rules.FirstOrDefault(n => n.Rule.RuleName == ruleName)
            ?? _rules.FirstOrDefault(n => string.Equals(n.Rule.RuleName, ruleName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Workflow '{Name}' has no rule '{ruleName}'.", nameof(ruleName));
        var run = Evaluate(context, inputs, explain: true, execute: true);
        return Result(node, run, inputs, context, topLevel: true)!;
    }

    /// <summary>
    /// The fast scoring path: one pass of the compiled delegate, then points, caps, veto and grade from the Scheme.
    /// Explanations (parameter values, evidence) are captured only for rules that fired.
    /// </summary>
    public ScoreCard Score(EvaluationContext context, params object?[] inputs)
    {
        var run = Evaluate(context, inputs, explain: context.Explain, execute: false);
        return _calculator.Calculate(run);
    }

    /// <summary>How many rule slots a run has: the top-level rules and every nested rule.</summary>
    internal int SlotCount => _slotCount;

    /// <summary>The top-level rules, in file order (for the reference engine, which fills a buffer of its own).</summary>
    internal IReadOnlyList<RuleNode> TopLevel => _rules;

    internal RuleRun NewRun(bool explain)
    {
        var run = new RuleRun(this, _slotCount);
        run.Reset(explain, execute: false);
        return run;
    }

    /// <summary>Points, caps, veto and grade from rule outcomes another engine wrote into <paramref name="run"/>.</summary>
    internal ScoreCard ScoreFrom(RuleRun run) => _calculator.Calculate(run);

    /// <summary>Only the compiled pass, without building a score card (for measuring the delegate itself).</summary>
    internal void EvaluateOnly(EvaluationContext context, object?[] inputs) => Evaluate(context, inputs, explain: false, execute: false);

    private RuleRun ThreadBuffer()
    {
        var buffers = t_buffers ??= new RuleRun?[4];
        foreach (var buffer in buffers)
            if (buffer is not null && buffer.Owner == this)
                return buffer;
        var created = new RuleRun(this, _slotCount);
        buffers[t_nextBuffer] = created;
        t_nextBuffer = (t_nextBuffer + 1) % buffers.Length;
        return created;
    }

    // True when every input is of its declared type (or null where that is allowed): type tests the JIT inlines, where
    // CheckInput's GetType calls cost every evaluation two calls; CheckInput then runs only to word the refusal.
    private readonly Func<object?[], bool> _inputsFit;

    private static Func<object?[], bool> InputsFit(RuleInput[] declared)
    {
        var inputs = Tree.Parameter(typeof(object?[]), "inputs");
        Tree fit = Tree.Constant(true);
        for (var i = declared.Length - 1; i >= 0; i--)
        {
            var value = Tree.ArrayIndex(inputs, Tree.Constant(i));
            var nullable = !declared[i].Type.IsValueType || Nullable.GetUnderlyingType(declared[i].Type) is not null;
            var typed = Tree.Condition(Tree.Equal(value, Tree.Constant(null)), Tree.Constant(nullable), Tree.TypeIs(value, declared[i].Type));
            fit = Tree.AndAlso(typed, fit);
        }
        return Tree.Lambda<Func<object?[], bool>>(fit, "inputsFit", [inputs]).Compile();
    }

    private static void CheckInput(RuleInput declared, object? value)
    {
        if (value is null)
        {
            if (declared.Type.IsValueType && Nullable.GetUnderlyingType(declared.Type) is null)
                throw new ArgumentException($"Input '{declared.Name}' is a {declared.Type.Name} and cannot be null.", nameof(value));
        }
        else if (value.GetType() != declared.Type && !declared.Type.IsInstanceOfType(value))
        {
            throw new ArgumentException($"Input '{declared.Name}' must be {declared.Type.Name}, not {value.GetType().Name}.", nameof(value));
        }
    }

    private RuleRun Evaluate(EvaluationContext context, object?[] inputs, bool explain, bool execute)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inputs);
        var declared = _declared;
        if (inputs.Length != declared.Length)
            throw new ArgumentException($"Workflow '{Name}' expects {declared.Length} input(s) ({string.Join(", ", declared.Select(i => i.Name))}) but got {inputs.Length}.", nameof(inputs));
        if (_hasJsonInputs)
        {
            inputs = (object?[])inputs.Clone();
            for (var i = 0; i < inputs.Length; i++)
                inputs[i] = declared[i].Prepare(inputs[i]);
        }
        if (!_inputsFit(inputs))
            for (var i = 0; i < inputs.Length; i++)
                CheckInput(declared[i], inputs[i]);
        RuleRun run;
        if (execute)
        {
            run = new RuleRun(this, _slotCount);
        }
        else
        {
            run = ThreadBuffer();
        }
        run.Reset(explain, execute);
        WorkBudget.Reset(_maxTextWork);
        _run(inputs, context, run);
        return run;
    }

    private RuleResultTree? Result(RuleNode node, RuleRun run, object?[] inputs, EvaluationContext context, bool topLevel)
    {
        var state = (RuleState)run.States[node.Index];
        if (state == RuleState.NotEvaluated && node.CompileError is null && !topLevel)
            return null;
        var success = state == RuleState.Success;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < Inputs.Count; i++)
            values[Inputs[i].Name] = Inputs[i].Shape is not null && inputs[i] is string text ? JsonSerializer.Deserialize<JsonElement>(text) : inputs[i];
        if (run.Visible[node.Index] is { } visible)
            for (var i = 0; i < node.Visible.Count; i++)
                values[node.Visible[i].Name] = visible[i];

        string? message = null;
        if (node.CompileError is not null)
            message = node.CompileError;
        else if (state == RuleState.Fault)
            message = $"Error while executing rule : {node.Rule.RuleName} - {run.Faults[node.Index]?.Message}";
        else if (!success && topLevel && node.Rule.ErrorMessage is { } errorMessage)
            message = FormatErrorMessage(errorMessage, values);

        ActionResult? action = null;
        var info = success ? node.Rule.Actions?.OnSuccess : node.Rule.Actions?.OnFailure;
        if (info is not null && string.Equals(info.Name, "EvaluateRule", StringComparison.OrdinalIgnoreCase))
            action = EvaluateRule(info, inputs, context);
        else if (info is not null)
            action = new ActionResult(run.ActionOutputs[node.Index], run.ActionFaults[node.Index]);

        return new RuleResultTree
        {
            Rule = node.Rule,
            IsSuccess = success,
            ChildResults = node.Rule.Operator is null ? null : node.Children.Select(c => Result(c, run, inputs, context, topLevel: false)).OfType<RuleResultTree>().ToArray(),
            Inputs = values,
            ExceptionMessage = message,
            ActionResult = action,
            SuccessEvent = success ? node.Rule.SuccessEvent : null,
            Score = success && node.Rule.Scoring is not null ? ScoreCalculator.Explain(node, run, Definition.Scheme?.Decimals ?? Model.Scheme.DefaultPrecision) : null,
        };
    }

    // EvaluateRule may chain workflows; a cycle in the rule files must end in a failed action, not a stack overflow.
    [ThreadStatic]
    private static int t_actionDepth;

    private ActionResult EvaluateRule(ActionInfo info, object?[] inputs, EvaluationContext context)
    {
        if (t_actionDepth >= 8)
            return new ActionResult(null, new InvalidOperationException("EvaluateRule actions are nested more than 8 deep; the rule files probably form a cycle"));
        t_actionDepth++;
        try
        {
            var workflowName = info.Context.TryGetValue("WorkflowName", out var w) && w.ValueKind == JsonValueKind.String ? w.GetString()! : Name;
            var ruleName = info.Context.TryGetValue("ruleName", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
            var target = Owner?.Find(workflowName) ?? throw new InvalidOperationException($"workflow '{workflowName}' is not in this rule set");
            var result = target.ExecuteRule(ruleName, context, inputs);
            return new ActionResult(result.ActionResult?.Output ?? result.IsSuccess, null) { Results = [result] };
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return new ActionResult(null, ex);
        }
        finally
        {
            t_actionDepth--;
        }
    }

    [GeneratedRegex(@"\$\(([^)]+)\)")]
    private static partial Regex Placeholder();

    /// <summary>RulesEngine's ErrorMessage formatting: <c>$(name)</c> becomes the JSON of an input or parameter, <c>$(input.Member)</c> the member's text.</summary>
    internal static string FormatErrorMessage(string message, IReadOnlyDictionary<string, object?> values) =>
        Placeholder().Replace(message, match =>
        {
            var path = match.Groups[1].Value.Split('.');
            var root = values.FirstOrDefault(v => v.Key == path[0]);
            if (root.Key is null)
                root = values.FirstOrDefault(v => string.Equals(v.Key, path[0], StringComparison.OrdinalIgnoreCase));
            if (root.Key is null)
                return match.Value;
            if (path.Length == 1)
                return root.Value is null ? "null" : root.Value is string or IFormattable or bool ? JsonText(root.Value) : JsonSerializer.Serialize(root.Value, root.Value.GetType());
            object? current = JsonValueOf(root.Value);
            foreach (var name in path.Skip(1))
            {
                if (current is null)
                    return match.Value;
                if (current is JsonElement element)
                {
                    // A JSON input: walk its members by name, as the expression binder does (case-insensitive).
                    if (element.ValueKind != JsonValueKind.Object)
                        return match.Value;
                    var member = element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                    if (member.Value.ValueKind == JsonValueKind.Undefined)
                        return match.Value;
                    current = member.Value;
                    continue;
                }
                var type = current.GetType();
                var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (property is not null && property.GetIndexParameters().Length == 0)
                {
                    current = property.GetValue(current);
                    continue;
                }
                var field = type.GetField(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (field is null)
                    return match.Value;
                current = field.GetValue(current);
            }
            return current is JsonElement json ? JsonScalarText(json) : TextFunctions.Format(current);
        });

    /// <summary>JSON inputs arrive as an element, a node or text; placeholders read them as elements.</summary>
    private static object? JsonValueOf(object? value) => value switch
    {
        System.Text.Json.Nodes.JsonNode node => JsonSerializer.SerializeToElement(node),
        _ => value,
    };

    private static string JsonScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    private static string JsonText(object value) => value switch
    {
        string text => JsonSerializer.Serialize(text),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    internal static IReadOnlyList<string> EvidenceIds(object? evidence)
    {
        if (evidence is not IEnumerable records)
            return [];
        var ids = evidence is ICollection collection ? new List<string>(collection.Count) : new List<string>();
        var position = 0;
        foreach (var record in records)
        {
            ids.Add(EvidenceIdOf(record) ?? $"#{position}");
            position++;
        }
        return ids;
    }

    /// <summary>A record's public Id (any case) as text, or null when it has none.</summary>
    internal static string? EvidenceIdOf(object? record) => record is null ? null : IdReaders.GetOrAdd(record.GetType(), IdReader)?.Invoke(record);

    // A record type's Id as text, through an accessor compiled once per type: reflection per record (an ignore-case
    // property search, an invoke, a boxed id) was most of what explaining a rule with evidence cost.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<object, string?>?> IdReaders = new();

    private static Func<object, string?>? IdReader(Type type)
    {
        var property = type.GetProperty("Id", BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null)
            return null;
        if (property.GetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            return record => property.GetValue(record) is { } id ? TextFunctions.Format(id) : null;
        // (object record) => ((T)record).Id is { } id ? TextFunctions.Format(id) : null, without boxing a value-typed id.
        var record = Tree.Parameter(typeof(object), "record");
        var id = Tree.Variable(property.PropertyType, "id");
        var format = Tree.Call(typeof(TextFunctions).GetMethod(nameof(TextFunctions.Format))!.MakeGenericMethod(property.PropertyType), id);
        Tree text = property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null
            ? format
            : Tree.Condition(Tree.Equal(id, Tree.Constant(null, property.PropertyType)), Tree.Constant(null, typeof(string)), format);
        var body = Tree.Block(
            typeof(string),
            [id],
            Tree.Assign(id, Tree.Property(Tree.Convert(record, type), property)),
            text);
        return Tree.Lambda<Func<object, string?>>(body, record).Compile();
    }
}
