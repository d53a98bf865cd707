using System.Runtime.CompilerServices;
using AssessmentEngine.Rules.Diagnostics;
using RulesEngine.Models;

namespace AssessmentEngine.Rules.Reference;

/// <summary>
/// Microsoft RulesEngine 6.0.1 as a second engine for workflows our engine compiled: it only ever sees files our checker
/// accepted (a <see cref="CompiledWorkflow"/> exists only for those) and never has a type registered in CustomTypes.
/// Thread-safe; a workflow is prepared for RulesEngine once and kept as long as the compiled workflow lives.
/// </summary>
public sealed class MicrosoftRulesEngine(bool useFastExpressionCompiler = false)
{
    private readonly ConditionalWeakTable<CompiledWorkflow, ReferenceWorkflow> _workflows = [];

    public bool UseFastExpressionCompiler { get; } = useFastExpressionCompiler;

    /// <summary>The score card RulesEngine's outcomes, Points and Evidence give, scored by the same caps, veto and grade.</summary>
    public ScoreCard Score(CompiledWorkflow workflow, EvaluationContext context, params object?[] inputs)
    {
        ArgumentNullException.ThrowIfNull(context);
        return For(workflow).Score(context, inputs);
    }

    /// <summary>RulesEngine-shaped results, with our ErrorMessage formatting over the values RulesEngine computed.</summary>
    public IReadOnlyList<RuleResultTree> Execute(CompiledWorkflow workflow, EvaluationContext context, params object?[] inputs)
    {
        ArgumentNullException.ThrowIfNull(context);
        return For(workflow).Execute(context, inputs);
    }

    /// <summary>
    /// Expressions of an accepted workflow that RulesEngine would refuse (<see cref="DiagnosticCodes.NotPortable"/>) or
    /// type differently (<see cref="DiagnosticCodes.TypedDifferently"/>), with their positions; warnings.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Portability(CompiledWorkflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return new ReferenceTyping(workflow, new ReSettings { CustomTypes = [] }).Diagnostics;
    }

    private ReferenceWorkflow For(CompiledWorkflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return _workflows.GetValue(workflow, w => new ReferenceWorkflow(w, UseFastExpressionCompiler));
    }
}
