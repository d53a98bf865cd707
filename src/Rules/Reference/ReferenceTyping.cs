using System.Linq.Expressions;
using AssessmentEngine.Rules.Binding;
using AssessmentEngine.Rules.Compilation;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Model;
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
        var scope = workflow.Inputs.Select(i => Expression.Parameter(i.Type, i.Name)).ToList();
        var ours = workflow.TopLevel.SelectMany(n => n.Visible).GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value.Type, StringComparer.Ordinal);
        foreach (var param in workflow.Definition.GlobalParams)
            scope = Declare(param, scope, ours, null);
        Globals = scope;
        foreach (var node in workflow.TopLevel)
            Rules[node.Index] = TypeRule(node, scope);
    }

    /// <summary>The inputs and global parameters, typed as RulesEngine types them, in the order it evaluates them.</summary>
    public IReadOnlyList<ParameterExpression> Globals { get; }

    /// <summary>Per top-level rule (by slot): what it sees, and its Points and Evidence parsed by RulesEngine.</summary>
    public Dictionary<int, RuleTyping> Rules { get; } = [];

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    private RuleTyping TypeRule(RuleNode node, List<ParameterExpression> scope)
    {
        var ours = node.Visible.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value.Type, StringComparer.Ordinal);
        foreach (var param in node.Rule.LocalParams)
            scope = Declare(param, scope, ours, node.Rule.RuleName);
        CheckCondition(node.Rule, scope);
        foreach (var child in node.Children)
            TypeRule(child, scope);
        LambdaExpression? points = null, evidence = null;
        if (node.Rule.Scoring?.PointsExpression is { } pointsSource && Parse(pointsSource, scope, node.Rule.RuleName, DiagnosticPart.Points) is { } pointsBody)
        {
            var type = Nullable.GetUnderlyingType(pointsBody.Type) ?? pointsBody.Type;
            if (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) || type == typeof(decimal))
                points = Expression.Lambda(Expression.Convert(pointsBody, typeof(decimal)), scope);
            else
                Report(DiagnosticMessages.PointsTypedDifferently.SayAbout(DiagnosticPart.Points, TypeNames.Of(pointsBody.Type)), pointsSource, node.Rule.RuleName, 1);
        }
        if (node.Rule.Scoring?.Evidence is { } evidenceSource && Parse(evidenceSource, scope, node.Rule.RuleName, DiagnosticPart.Evidence) is { } evidenceBody)
            evidence = Expression.Lambda(Expression.Convert(evidenceBody, typeof(object)), scope);
        return new RuleTyping(scope, points, evidence);
    }

    private void CheckCondition(Rule rule, List<ParameterExpression> scope)
    {
        if (rule.Operator is not null || rule.Expression is not { } source)
            return;
        if (Parse(source, scope, rule.RuleName, DiagnosticPart.RuleExpression) is not { } body || body.Type == typeof(bool))
            return;
        // RulesEngine compiles a rule to Func<…, bool>: any other type (bool? from np(x, false)) fails the rule on every input.
        var at = source.Text.IndexOf("np(", StringComparison.OrdinalIgnoreCase);
        Report(DiagnosticMessages.TypedDifferently.SayAbout(DiagnosticPart.RuleExpression, "bool", TypeNames.Of(body.Type)), source, rule.RuleName, at < 0 ? 1 : at + 1);
    }

    private List<ParameterExpression> Declare(ScopedParam param, List<ParameterExpression> scope, Dictionary<string, Type> ours, string? rule)
    {
        var body = Parse(param.Expression, scope, rule, DiagnosticPart.Parameter(param.Name));
        if (body is null)
            return [.. scope, Expression.Parameter(ours.GetValueOrDefault(param.Name, typeof(object)), param.Name)];
        if (ours.TryGetValue(param.Name, out var ourType) && ourType != body.Type)
            Report(DiagnosticMessages.TypedDifferently.SayAbout(DiagnosticPart.Parameter(param.Name), TypeNames.Of(ourType), TypeNames.Of(body.Type)), param.Expression, rule, 1);
        return [.. scope, Expression.Parameter(body.Type, param.Name)];
    }

    private Expression? Parse(ExpressionSource source, List<ParameterExpression> scope, string? rule, DiagnosticPart what)
    {
        try
        {
            // Later declarations shadow earlier ones of the same name, as in RulesEngine's scoped parameters.
            var visible = scope.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(g => g.Last()).ToArray();
            return _parser.Parse(source.Text, visible, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not StackOverflowException)
        {
            var position = ex is System.Linq.Dynamic.Core.Exceptions.ParseException parse ? parse.Position + 1 : 1;
            Report(DiagnosticMessages.NotPortable.SayAbout(what, ex.Message), source, rule, Math.Max(1, position));
            return null;
        }
    }

    private void Report(Diagnostic said, ExpressionSource source, string? rule, int column)
    {
        _diagnostics.Add(said with
        {
            Severity = DiagnosticSeverity.Warning,
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

/// <summary>What one top-level rule sees in RulesEngine (inputs, globals, its locals) and its scoring expressions parsed there.</summary>
internal sealed record RuleTyping(IReadOnlyList<ParameterExpression> Scope, LambdaExpression? Points, LambdaExpression? Evidence);
