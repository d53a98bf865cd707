using System.Reflection;
using AssessmentEngine.Rules.Binding;

namespace AssessmentEngine.Rules;

/// <summary>Limits, switches and the host functions rules may call. Configure before the first compile.</summary>
public sealed class RuleCompilerOptions
{
    private readonly Dictionary<string, List<MethodCandidate>> _functions = new(StringComparer.Ordinal);

    public int MaxExpressionLength { get; init; } = 8192;

    public int MaxNestingDepth { get; init; } = 64;

    /// <summary>Rules in one workflow, nested and injected rules included: compile time and memory grow with them.</summary>
    public int MaxRules { get; init; } = 2_000;

    /// <summary>Parameters in one workflow, global and local together (each becomes a local of one compiled method).</summary>
    public int MaxParameters { get; init; } = 2_000;

    /// <summary>Characters of text one evaluation may build in all (PadLeft, Replace, Concat, Join …); 0 for no limit.</summary>
    public long MaxTextWork { get; init; } = 1_000_000;

    /// <summary>How deep list methods may nest (<c>a.Any(x =&gt; b.Any(y =&gt; …))</c>); each level multiplies the work.</summary>
    public int MaxLambdaNesting { get; init; } = 2;

    /// <summary>
    /// Merge aggregates over the same list (Count/Any/All/Sum/Min/Max) into one loop per evaluation. On by default:
    /// on the benchmark workload it measures faster than separate loops (see docs/adr/0010-shared-scans.md).
    /// </summary>
    public bool FuseScans { get; init; } = true;

    /// <summary>
    /// RulesEngine's behaviour for expressions that do not compile: the rule fails at run time with
    /// "Exception while parsing expression …" instead of the rule set being refused at load.
    /// </summary>
    public bool EnableExceptionAsErrorMessage { get; init; }

    internal IReadOnlyDictionary<string, List<MethodCandidate>> Functions => _functions;

    /// <summary>Makes <paramref name="function"/> callable from expressions as <c>name(…)</c>. It must be pure and thread-safe.</summary>
    public RuleCompilerOptions RegisterFunction(string name, Delegate function)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        var candidate = function.Target is null && function.Method.IsStatic
            ? new MethodCandidate(function.Method)
            : new MethodCandidate(function.Method, Target: function);
        Add(name, candidate);
        return this;
    }

    /// <summary>
    /// Makes the chosen public static methods of <paramref name="type"/> callable by their names, both bare and qualified
    /// with the class name as RulesEngine's custom types are (<c>Utils.CheckContains(…)</c>).
    /// </summary>
    public RuleCompilerOptions RegisterFunctions(Type type, params string[] methodNames)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(methodNames);
        foreach (var name in methodNames)
        {
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == name && !m.IsGenericMethodDefinition).ToArray();
            if (methods.Length == 0)
                throw new ArgumentException($"'{type.Name}' has no public static method '{name}'.", nameof(methodNames));
            foreach (var method in methods)
            {
                Add(name, new MethodCandidate(method));
                Add($"{type.Name}.{name}", new MethodCandidate(method));
            }
        }
        return this;
    }

    private void Add(string name, MethodCandidate candidate)
    {
        if (!_functions.TryGetValue(name, out var list))
            _functions[name] = list = [];
        list.Add(candidate);
    }
}
