using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using AssessmentEngine.Rules.Binding;
using AssessmentEngine.Rules.Compilation;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Loading;
using AssessmentEngine.Rules.Model;

namespace AssessmentEngine.Rules;

/// <summary>The compiled form of a set of workflows: immutable, thread-safe, identified by <see cref="VersionHash"/>.</summary>
public sealed class RuleSet
{
    private readonly Dictionary<string, CompiledWorkflow> _workflows;

    internal RuleSet(string versionHash, IReadOnlyList<RuleInput> inputs, IReadOnlyList<CompiledWorkflow> workflows)
    {
        VersionHash = versionHash;
        Inputs = inputs;
        Workflows = workflows;
        _workflows = workflows.ToDictionary(w => w.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var workflow in workflows)
        {
            workflow.VersionHash = versionHash;
            workflow.Owner = this;
        }
    }

    /// <summary>SHA-256 (lower-case hex) of the canonical workflow JSON and the input types: the rule-set version.</summary>
    public string VersionHash { get; }

    public IReadOnlyList<RuleInput> Inputs { get; }

    public IReadOnlyList<CompiledWorkflow> Workflows { get; }

    public CompiledWorkflow this[string workflowName] => Find(workflowName) ?? throw new KeyNotFoundException($"The rule set has no workflow '{workflowName}'.");

    public CompiledWorkflow? Find(string workflowName) => _workflows.GetValueOrDefault(workflowName);
}

/// <summary>Either a compiled rule set or every diagnostic that prevents one (warnings may accompany a rule set).</summary>
public sealed record CompileResult(RuleSet? RuleSet, IReadOnlyList<Diagnostic> Diagnostics, string VersionHash)
{
    public bool Succeeded => RuleSet is not null;
}

/// <summary>
/// Compiles workflows against declared inputs into rule sets, once per version: results are cached by content hash
/// for the lifetime of the engine (one engine per set of options, typically a singleton).
/// </summary>
public sealed class RuleEngine(RuleCompilerOptions? options = null)
{
    private static readonly string[] UnsupportedEvaluateRuleFields = ["additionalInputs", "inputFilter"];

    private readonly ConcurrentDictionary<string, Lazy<CompileResult>> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MemberTable> _memberTables = new(StringComparer.Ordinal);

    public RuleCompilerOptions Options { get; } = options ?? new RuleCompilerOptions();

    /// <summary>Loads JSON workflow text and compiles it; load diagnostics and compile diagnostics come back together.</summary>
    public CompileResult Compile(string workflowJson, string? fileName, params RuleInput[] inputs)
    {
        var loaded = WorkflowLoader.Load(workflowJson, fileName);
        if (loaded.Workflows.Count == 0)
            return new CompileResult(null, loaded.Diagnostics, VersionHashOf(loaded.Workflows, inputs));
        // Expressions are bound even when the file has structural errors, so an inspector sees every problem at once.
        var result = Compile(loaded.Workflows, inputs);
        if (loaded.Diagnostics.Count == 0)
            return result;
        return new CompileResult(loaded.HasErrors ? null : result.RuleSet, [.. loaded.Diagnostics, .. result.Diagnostics], result.VersionHash);
    }

    public CompileResult Compile(IEnumerable<Workflow> workflows, params RuleInput[] inputs)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        ArgumentNullException.ThrowIfNull(inputs);
        var list = workflows.ToArray();
        var hash = VersionHashOf(list, inputs);
        // The version names input types by full name; the cache must also tell apart equally named types of other assemblies.
        var key = hash + "|" + string.Join("|", inputs.Select(i => i.Type.AssemblyQualifiedName));
        var result = _cache.GetOrAdd(key, _ => new Lazy<CompileResult>(() => CompileUncached(list, inputs, hash))).Value;
        // Only rule sets are cached: diagnostics carry file names and positions, which change when a file is reformatted.
        if (!result.Succeeded)
            _cache.TryRemove(key, out _);
        return result;
    }

    /// <summary>The version hash a set of workflows compiled against these inputs gets.</summary>
    public static string VersionHashOf(IEnumerable<Workflow> workflows, IReadOnlyList<RuleInput> inputs)
    {
        var canonical = CanonicalJson.Of(workflows, inputs);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private CompileResult CompileUncached(Workflow[] workflows, RuleInput[] inputs, string hash)
    {
        var diagnostics = new List<Diagnostic>();
        var table = _memberTables.GetOrAdd(string.Join("|", inputs.Select(i => i.Type.AssemblyQualifiedName)), _ => new MemberTable(Options.Functions, inputs.Select(i => i.Type)));
        var compiled = new List<CompiledWorkflow>();
        var failed = false;
        foreach (var workflow in workflows)
        {
            var merged = Inject(workflow, workflows, diagnostics);
            var result = new WorkflowCompiler(merged, inputs, Options, table, diagnostics).Compile();
            if (result is null)
                failed = true;
            else
                compiled.Add(result);
        }
        foreach (var workflow in workflows)
        {
            failed |= CheckEvaluateRuleActions(workflow, workflows, diagnostics);
            diagnostics.AddRange(QuotaGuard.Check(workflow, Options));
        }
        return failed || diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)
            ? new CompileResult(null, diagnostics, hash)
            : new CompileResult(new RuleSet(hash, inputs, compiled), diagnostics, hash);
    }

    private static bool CheckEvaluateRuleActions(Workflow workflow, Workflow[] workflows, List<Diagnostic> diagnostics)
    {
        var failed = false;
        foreach (var rule in AllRules(workflow.Rules))
        {
            foreach (var action in new[] { rule.Actions?.OnSuccess, rule.Actions?.OnFailure })
            {
                if (action is null || !string.Equals(action.Name, "EvaluateRule", StringComparison.OrdinalIgnoreCase))
                    continue;
                if (action.Context.TryGetValue("WorkflowName", out var target) && target.ValueKind == System.Text.Json.JsonValueKind.String
                    && !workflows.Any(w => string.Equals(w.WorkflowName, target.GetString(), StringComparison.OrdinalIgnoreCase)))
                {
                    diagnostics.Add(DiagnosticMessages.UnknownEvaluateRuleWorkflow.Say(target.GetString()) with { File = workflow.File, Workflow = workflow.WorkflowName, Rule = rule.RuleName });
                    failed = true;
                }
                foreach (var unsupported in UnsupportedEvaluateRuleFields.Where(action.Context.ContainsKey))
                {
                    diagnostics.Add(DiagnosticMessages.UnsupportedEvaluateRuleField.Say(unsupported) with
                    {
                        Severity = DiagnosticSeverity.Warning,
                        File = workflow.File,
                        Workflow = workflow.WorkflowName,
                        Rule = rule.RuleName,
                    });
                }
            }
        }
        return failed;
    }

    private static IEnumerable<Rule> AllRules(IEnumerable<Rule> rules) => rules.SelectMany(r => AllRules(r.Rules).Prepend(r));

    /// <summary>WorkflowsToInject: the injected workflows' parameters come first (so ours may use them), their rules after ours.</summary>
    private static Workflow Inject(Workflow workflow, Workflow[] all, List<Diagnostic> diagnostics)
    {
        if (workflow.WorkflowsToInject.Count == 0)
            return workflow;
        var parameters = new List<ScopedParam>();
        var rules = new List<Rule>(workflow.Rules);
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { workflow.WorkflowName };
        var pending = new Queue<string>(workflow.WorkflowsToInject);
        while (pending.Count > 0)
        {
            var name = pending.Dequeue();
            if (!visited.Add(name))
                continue;
            var injected = all.FirstOrDefault(w => string.Equals(w.WorkflowName, name, StringComparison.OrdinalIgnoreCase));
            if (injected is null)
            {
                diagnostics.Add((NameSuggester.Suggest(name, all.Select(w => w.WorkflowName)) is { } s ? DiagnosticMessages.UnknownInjectedWorkflowSuggested.Say(name, s) : DiagnosticMessages.UnknownInjectedWorkflow.Say(name)) with { File = workflow.File, Workflow = workflow.WorkflowName });
                continue;
            }
            parameters.AddRange(injected.GlobalParams);
            rules.AddRange(injected.Rules);
            foreach (var next in injected.WorkflowsToInject)
                pending.Enqueue(next);
        }
        return workflow with { GlobalParams = [.. parameters, .. workflow.GlobalParams], Rules = rules };
    }
}
