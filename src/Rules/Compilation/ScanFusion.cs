using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using AssessmentEngine.Rules.Execution;

namespace AssessmentEngine.Rules.Compilation;

/// <summary>
/// Shared scans: aggregates (Count/Any/All/Sum/Min/Max) over the same input list — e.g. <c>officer.Enforcements</c> —
/// in any parameter or rule are computed by one loop at the start of the evaluation. Each use then reads
/// <c>scanOk ? fusedResult : originalLoop</c>: if anything in the fused loop throws, every use falls back to its own
/// loop, so faults surface exactly where they would without fusion (in the rule that owns them), and short-circuited
/// rules see the same values because the whitelisted predicates are pure.
/// </summary>
internal static class ScanFusion
{
    public static Expression Apply(Expression body, IReadOnlyList<ParameterExpression> inputs, ParameterExpression inputArray, ParameterExpression context, ParameterExpression run, List<ParameterExpression> variables, List<Expression> statements, out int fusedLoops)
    {
        var finder = new Finder(inputs, context);
        finder.Visit(body);
        // Lists are scanned in the order the workflow first reads them (GroupBy keeps first occurrences in order), as
        // the unfused evaluation would: records usually lie in memory in the order they were loaded.
        var groups = finder.Found
            .GroupBy(f => f.Key, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .ToList();
        fusedLoops = groups.Count;
        if (groups.Count == 0)
            return body;

        var replacements = new Dictionary<Expression, Expression>(ReferenceEqualityComparer.Instance);
        var evidence = finder.Evidence.ToLookup(e => e.Count, ReferenceEqualityComparer.Instance);
        foreach (var group in groups)
        {
            var scanOk = Expression.Variable(typeof(bool), "scanOk");
            variables.Add(scanOk);
            var collects = group.Select(f => f.Node.CollectInto is not null && evidence.Contains(f.Node)).ToList();
            var accumulators = group.Select((f, i) => new Accumulator(f.Node.Kind, f.Node.Element, f.Node.Body, f.Node.Type, collects[i])).ToList();
            foreach (var accumulator in accumulators)
                variables.AddRange(accumulator.Variables);

            // The loop runs on its own copies of the accumulators, declared inside the try block: variables that live
            // across an exception handler are kept in memory by the JIT, so the hot loop must not touch the outer ones.
            // A Count whose records a rule's Evidence lists collects their positions when explanations are on (its buffer is
            // null otherwise): one loop for both, since a second copy of every loop costs the JIT more than a null check.
            var inner = group.Select((f, i) => new Accumulator(f.Node.Kind, f.Node.Element, f.Node.Body, f.Node.Type, collects[i])).ToList();
            var exit = Expression.Label("fusedEnd");
            var scan = new List<Expression> { Expression.Assign(scanOk, Expression.Constant(false)) };
            var loop = new List<Expression>();
            loop.AddRange(inner.Select(a => a.Initialize()));
            var source = group.First().Node.Source;
            var collecting = inner.Select((a, i) => (Accumulator: a, group.ElementAt(i).Node.CollectInto)).Where(c => c.Accumulator.Indices is not null).ToList();
            if (collecting.Count > 0)
            {
                var size = source.Type.IsArray ? (Expression)Expression.ArrayLength(source) : Expression.Property(source, "Count");
                foreach (var (accumulator, buffer) in collecting)
                    loop.Add(Expression.IfThen(Expression.Field(run, nameof(RuleRun.Explain)), Expression.Assign(accumulator.Indices!, Expression.Call(run, typeof(RuleRun).GetMethod(nameof(RuleRun.Indices))!, Expression.Constant(buffer!.Value), size))));
            }
            loop.Add(ScanLoop.Emit(source, inner, exit, stopEarly: false, collect: collecting.Count > 0));
            loop.Add(Expression.Label(exit));
            for (var i = 0; i < inner.Count; i++)
                for (var v = 0; v < inner[i].Variables.Length; v++)
                    loop.Add(Expression.Assign(accumulators[i].Variables[v], inner[i].Variables[v]));
            loop.Add(Expression.Assign(scanOk, Expression.Constant(true)));
            scan.Add(Expression.TryCatch(Expression.Block(typeof(void), inner.SelectMany(a => a.Variables), loop), Expression.Catch(typeof(Exception), Expression.Empty())));
            statements.AddRange(scan);

            foreach (var ((node, _), outer) in group.Zip(accumulators))
            {
                var fallback = new ScanFallback(new ScanAggregateExpression(node.Source, node.Kind, node.Element, node.Body, node.Type), inputs, inputArray, context);
                var call = Expression.Convert(Expression.Call(Expression.Constant(fallback), typeof(ScanFallback).GetMethod(nameof(ScanFallback.Run))!, context, inputArray), node.Type);
                replacements[node] = Expression.Condition(scanOk, outer.Result(), call);
                if (outer.Indices is { } indices)
                    foreach (var listed in evidence[node])
                        replacements[listed] = Expression.Condition(
                            Expression.AndAlso(scanOk, Expression.NotEqual(indices, Expression.Constant(null, typeof(int[])))),
                            listed.FromPositions(indices, outer.Counted),
                            listed.Fallback);
            }
        }
        return new Replacer(replacements).Visit(body);
    }

    /// <summary>Collects fusable aggregates whose list is a member path of an input and whose lambda reads only its element, the inputs and the context.</summary>
    private sealed class Finder(IReadOnlyList<ParameterExpression> inputs, ParameterExpression context) : ExpressionVisitor
    {
        public List<(ScanAggregateExpression Node, string Key)> Found { get; } = [];

        public List<CountedEvidenceExpression> Evidence { get; } = [];

        protected override Expression VisitExtension(Expression node)
        {
            if (node is ScanAggregateExpression scan && scan.IsFusable && KeyOf(scan.Source) is { } key && IsClosed(scan))
                Found.Add((scan, key));
            if (node is CountedEvidenceExpression counted)
                Evidence.Add(counted);
            return base.VisitExtension(node);
        }

        protected override Expression VisitLambda<T>(Expression<T> node) => node;

        private string? KeyOf(Expression source)
        {
            var path = new List<string>();
            var current = source;
            while (current is MemberExpression { Expression: { } target } member)
            {
                path.Add(member.Member.Name);
                current = target;
            }
            if (current is not ParameterExpression root || !inputs.Contains(root))
                return null;
            path.Add(root.Name + "#" + inputs.ToList().IndexOf(root));
            path.Reverse();
            return string.Join(".", path);
        }

        private bool IsClosed(ScanAggregateExpression scan)
        {
            if (scan.Body is null)
                return true;
            var check = new ClosureCheck([scan.Element, context, .. inputs]);
            check.Visit(scan.Body);
            return check.IsClosed;
        }
    }

    /// <summary>True when an expression reads no variable from outside (parameters, other lambdas) and calls no host function.</summary>
    private sealed class ClosureCheck(IEnumerable<ParameterExpression> allowed) : ExpressionVisitor
    {
        private readonly HashSet<ParameterExpression> _allowed = [.. allowed];

        public bool IsClosed { get; private set; } = true;

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (!_allowed.Contains(node))
                IsClosed = false;
            return node;
        }

        protected override Expression VisitBlock(BlockExpression node)
        {
            _allowed.UnionWith(node.Variables);
            return base.VisitBlock(node);
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            _allowed.UnionWith(node.Parameters);
            return base.VisitLambda(node);
        }

        protected override Expression VisitExtension(Expression node)
        {
            if (node is ScanAggregateExpression scan)
                _allowed.Add(scan.Element);
            return base.VisitExtension(node);
        }

        protected override Expression VisitInvocation(InvocationExpression node)
        {
            IsClosed = false;
            return node;
        }

        protected override CatchBlock VisitCatchBlock(CatchBlock node)
        {
            if (node.Variable is not null)
                _allowed.Add(node.Variable);
            return base.VisitCatchBlock(node);
        }
    }

    private sealed class Replacer(Dictionary<Expression, Expression> replacements) : ExpressionVisitor
    {
        protected override Expression VisitExtension(Expression node) =>
            replacements.TryGetValue(node, out var replacement) ? Visit(replacement) : base.VisitExtension(node);
    }
}

/// <summary>
/// The unfused evaluation of one aggregate, compiled only if a fused scan ever faults. Kept out of the workflow's
/// delegate so the hot method stays small enough for the JIT to optimise fully.
/// </summary>
internal sealed class ScanFallback
{
    private readonly Lazy<Func<EvaluationContext, object?[], object?>> _run;

    public ScanFallback(ScanAggregateExpression aggregate, IReadOnlyList<ParameterExpression> inputs, ParameterExpression inputArray, ParameterExpression context)
    {
        _run = new Lazy<Func<EvaluationContext, object?[], object?>>(() =>
        {
            var body = new List<Expression>();
            for (var i = 0; i < inputs.Count; i++)
                body.Add(Expression.Assign(inputs[i], Expression.Convert(Expression.ArrayIndex(inputArray, Expression.Constant(i)), inputs[i].Type)));
            body.Add(Expression.Convert(aggregate, typeof(object)));
            return Expression.Lambda<Func<EvaluationContext, object?[], object?>>(Expression.Block(typeof(object), inputs, body), "scanFallback", [context, inputArray]).Compile();
        });
    }

    // Never inlined: the call sits in the workflow's method once per use, and an inlined Lazy would bloat it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public object? Run(EvaluationContext context, object?[] inputs) => _run.Value(context, inputs);
}

/// <summary>
/// A fired rule's evidence ids when its Evidence selects exactly what a global Count parameter counts (ADR 0030): after a
/// fused scan that collected the counted records' positions, the ids are read at those positions; otherwise (no fusion,
/// or the scan faulted) the evidence is selected by its own loop, <see cref="Fallback"/>.
/// </summary>
internal sealed class CountedEvidenceExpression(ScanAggregateExpression count, Expression fallback, Func<Expression, Expression, Expression> fromPositions) : Expression
{
    public ScanAggregateExpression Count { get; } = count;

    public Expression Fallback { get; } = fallback;

    /// <summary>The ids of the records at the first <c>count</c> positions of an <c>int[]</c>.</summary>
    public Expression FromPositions(Expression positions, Expression count) => fromPositions(positions, count);

    public override ExpressionType NodeType => ExpressionType.Extension;
    public override Type Type => typeof(string[]);
    public override bool CanReduce => true;

    public override Expression Reduce() => Fallback;

    protected override Expression VisitChildren(ExpressionVisitor visitor)
    {
        var fallback = visitor.Visit(Fallback);
        return fallback == Fallback ? this : new CountedEvidenceExpression(Count, fallback, fromPositions);
    }
}
