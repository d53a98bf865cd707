using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using AssessmentEngine.Rules.Execution;

namespace AssessmentEngine.Rules.Compilation;

/// <summary>
/// One rule's evidence selection, compiled apart from the workflow's method on first use: it runs only for a fired rule
/// with explanations on. <see cref="Select"/> reads the list; <see cref="At"/> reads the records at positions a fused scan
/// collected while counting them.
/// </summary>
internal sealed class EvidenceSelector(Expression<Func<object?[], RuleRun, int, string[]>> select, Expression<Func<object?[], int[], int, string[]>>? at)
{
    private readonly Lazy<Func<object?[], RuleRun, int, string[]>> _select = new(() => select.Compile());
    private readonly Lazy<Func<object?[], int[], int, string[]>>? _at = at is null ? null : new(() => at.Compile());

    /// <summary>The ids of the records the Evidence selects; <paramref name="expected"/> is how many, when a count says so.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string[] Select(object?[] inputs, RuleRun run, int expected) => _select.Value(inputs, run, expected);

    /// <summary>The ids of the records at the first <paramref name="found"/> <paramref name="positions"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string[] At(object?[] inputs, int[] positions, int found) => (_at ?? throw new InvalidOperationException("This evidence has no counted positions.")).Value(inputs, positions, found);
}
