using System.Collections.Immutable;
using System.Linq.Expressions;
using AssessmentEngine.Rules.Binding;
using AssessmentEngine.Rules.Compilation;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Model;
using AssessmentEngine.Rules.Syntax;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;
using Rule = AssessmentEngine.Rules.Model.Rule;
using ScopedParam = AssessmentEngine.Rules.Model.ScopedParam;

namespace AssessmentEngine.Rules.Reference;

/// <summary>
/// Every expression of a workflow our engine compiled, parsed again by Microsoft RulesEngine's own parser with the
/// parameters typed as RulesEngine types them: what it refuses or types differently is a portability diagnostic, and the
/// Points and Evidence it parses are what the reference engine evaluates.
/// </summary>
internal sealed class ReferenceTyping
{
    private readonly CompiledWorkflow _workflow;
    private readonly RuleExpressionParser _parser;
    private readonly List<Diagnostic> _diagnostics = [];

    public ReferenceTyping(CompiledWorkflow workflow, ReSettings settings)
    {
        _workflow = workflow;
        _parser = new RuleExpressionParser(settings);
        var scope = Scope.Empty;
        foreach (var input in workflow.Inputs)
            scope = scope.Declare(Expression.Parameter(input.Type, input.Name));
        var ours = workflow.TopLevel.SelectMany(n => n.Visible).GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value.Type, StringComparer.Ordinal);
        foreach (var param in workflow.Definition.GlobalParams)
            scope = Declare(param, scope, ours, null);
        foreach (var node in workflow.TopLevel)
            Rules[node.Index] = TypeRule(node, scope);
    }

    /// <summary>Per top-level rule (by slot): its Points and Evidence parsed by RulesEngine, over the parameters they name.</summary>
    public Dictionary<int, RuleTyping> Rules { get; } = [];

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    private RuleTyping TypeRule(RuleNode node, Scope scope)
    {
        var ours = node.Visible.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value.Type, StringComparer.Ordinal);
        foreach (var param in node.Rule.LocalParams)
            scope = Declare(param, scope, ours, node.Rule.RuleName);
        CheckCondition(node.Rule, scope);
        foreach (var child in node.Children)
            TypeRule(child, scope);
        LambdaExpression? points = null, evidence = null;
        if (node.Rule.Scoring?.PointsExpression is { } pointsSource && Parse(pointsSource, scope, node.Rule.RuleName, "Points") is var (pointsBody, pointsParameters))
        {
            var type = Nullable.GetUnderlyingType(pointsBody.Type) ?? pointsBody.Type;
            if (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) || type == typeof(decimal))
                points = Expression.Lambda(Expression.Convert(pointsBody, typeof(decimal)), pointsParameters);
            else
                Report(DiagnosticCodes.TypedDifferently, pointsSource, node.Rule.RuleName, 1, "Points", "a number", TypeNames.Of(pointsBody.Type));
        }
        if (node.Rule.Scoring?.Evidence is { } evidenceSource && Parse(evidenceSource, scope, node.Rule.RuleName, "Evidence") is var (evidenceBody, evidenceParameters))
            evidence = Expression.Lambda(Expression.Convert(evidenceBody, typeof(object)), evidenceParameters);
        return new RuleTyping(points, evidence);
    }

    private void CheckCondition(Rule rule, Scope scope)
    {
        if (rule.Operator is not null || rule.Expression is not { } source)
            return;
        if (Parse(source, scope, rule.RuleName, "the rule expression") is not var (body, _) || body.Type == typeof(bool))
            return;
        // RulesEngine compiles a rule to Func<…, bool>: any other type (bool? from np(x, false)) fails the rule on every input.
        var at = source.Text.IndexOf("np(", StringComparison.OrdinalIgnoreCase);
        Report(DiagnosticCodes.TypedDifferently, source, rule.RuleName, at < 0 ? 1 : at + 1, "the rule expression", "bool", TypeNames.Of(body.Type));
    }

    private Scope Declare(ScopedParam param, Scope scope, Dictionary<string, Type> ours, string? rule)
    {
        // Our engine lets a parameter shadow one in scope; RulesEngine faults the rule ("same key has already been added").
        if (scope.Declares(param.Name))
            Report(DiagnosticCodes.NotPortable, param.Expression, rule, 1, $"parameter '{param.Name}'", "the name is already declared in this scope");
        if (Parse(param.Expression, scope, rule, $"parameter '{param.Name}'") is not var (body, _))
            return scope.Declare(Expression.Parameter(ours.GetValueOrDefault(param.Name, typeof(object)), param.Name));
        if (ours.TryGetValue(param.Name, out var ourType) && ourType != body.Type)
            Report(DiagnosticCodes.TypedDifferently, param.Expression, rule, 1, $"parameter '{param.Name}'", TypeNames.Of(ourType), TypeNames.Of(body.Type));
        return scope.Declare(Expression.Parameter(body.Type, param.Name));
    }

    private (Expression Body, ParameterExpression[] Parameters)? Parse(ExpressionSource source, Scope scope, string? rule, string what)
    {
        try
        {
            var parameters = scope.NamedIn(source.Text);
            return (_parser.Parse(source.Text, parameters, null), parameters);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not StackOverflowException)
        {
            var position = ex is System.Linq.Dynamic.Core.Exceptions.ParseException parse ? parse.Position + 1 : 1;
            Report(DiagnosticCodes.NotPortable, source, rule, Math.Max(1, position), what, ex.Message);
            return null;
        }
    }

    /// <summary>
    /// The parameters visible at a point, innermost declaration of each name first (RulesEngine's scoped parameters shadow
    /// earlier ones). Persistent, so a rule's locals fork the globals without copying them: with thousands of parameters,
    /// copying the scope for each declaration and handing all of it to the parser made the check quadratic.
    /// </summary>
    private sealed class Scope
    {
        public static readonly Scope Empty = new(ImmutableDictionary.Create<string, ParameterExpression>(StringComparer.OrdinalIgnoreCase), []);

        private readonly ImmutableDictionary<string, ParameterExpression> _byName;

        // The first two names declared: enough to keep the parser's one-parameter reading (a lone parameter is also `it`)
        // exactly as it would be with the whole scope.
        private readonly ParameterExpression[] _first;

        private Scope(ImmutableDictionary<string, ParameterExpression> byName, ParameterExpression[] first)
        {
            _byName = byName;
            _first = first;
        }

        public bool Declares(string name) => _byName.ContainsKey(name);

        public Scope Declare(ParameterExpression parameter)
        {
            var isNew = !_byName.ContainsKey(parameter.Name!);
            var first = isNew && _first.Length < 2 ? [.. _first, parameter] : _first;
            return new Scope(_byName.SetItem(parameter.Name!, parameter), first);
        }

        /// <summary>
        /// The visible parameters an expression can name: the parser resolves an identifier only against the parameters
        /// given, so the ones it does not mention change nothing — except the count, which decides whether the sole
        /// parameter is also `it`.
        /// </summary>
        public ParameterExpression[] NamedIn(string text)
        {
            if (_byName.Count <= 1)
                return [.. _byName.Values];
            List<Token> tokens;
            try
            {
                tokens = Lexer.Tokenize(text);
            }
            catch (SyntaxError)
            {
                return [.. _byName.Values];
            }
            var named = new List<ParameterExpression>();
            foreach (var token in tokens)
                if (token.Kind == TokenKind.Identifier && _byName.TryGetValue(token.Text, out var parameter) && !named.Contains(parameter))
                    named.Add(parameter);
            if (named.Count == 1)
                named.Add(_byName[_first[0].Name!] == named[0] ? _byName[_first[1].Name!] : _byName[_first[0].Name!]);
            return [.. named];
        }
    }

    private void Report(string code, ExpressionSource source, string? rule, int column, string what, string first, string? second = null)
    {
        var message = code == DiagnosticCodes.NotPortable
            ? $"{what}: Microsoft RulesEngine refuses this expression ({first}); our engine accepts it, so the file would not run on the reference engine"
            : $"{what}: our engine types this expression {first} but Microsoft RulesEngine types it {second}; write it so both agree (e.g. (x ?? false) or x == true for a nullable flag)";
        _diagnostics.Add(new Diagnostic
        {
            Severity = DiagnosticSeverity.Warning,
            Code = code,
            Message = message,
            Arguments = second is null ? [what, first] : [what, first, second],
            File = _workflow.Definition.File,
            Workflow = _workflow.Name,
            Rule = rule,
            Expression = source.Text,
            ExpressionColumn = column,
            Line = source.Line,
            Column = source.FileColumnOf(column),
        });
    }
}

/// <summary>One top-level rule's scoring expressions parsed by RulesEngine, each a lambda over the parameters it names.</summary>
internal sealed record RuleTyping(LambdaExpression? Points, LambdaExpression? Evidence);
