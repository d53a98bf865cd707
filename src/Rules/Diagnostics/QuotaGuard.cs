using System.Text.RegularExpressions;
using AssessmentEngine.Rules.Model;
using AssessmentEngine.Rules.Syntax;

namespace AssessmentEngine.Rules.Diagnostics;

/// <summary>
/// National rules forbid enforcement quotas: a rule whose points grow with a count of enforcement actions, fines or
/// penalties turns them into a target unless a Cap bounds it. This finds such Points expressions (through the parameters
/// they read) and warns at the counted term, when neither the rule nor its category has a Cap.
/// </summary>
internal static partial class QuotaGuard
{
    private static readonly HashSet<string> Aggregates = new(StringComparer.OrdinalIgnoreCase) { "Count", "LongCount", "Sum", "Length" };

    [GeneratedRegex("enforcement|fine|penalt|ticket|citation|处罚|罚款|罚单|执法", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnforcementTerm();

    public static IEnumerable<Diagnostic> Check(Workflow workflow, RuleCompilerOptions options)
    {
        var categoryCaps = (workflow.Scheme?.Categories ?? []).Where(c => c.Cap is not null).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var globals = Parse(workflow.GlobalParams, options);
        foreach (var rule in Flatten(workflow.Rules))
        {
            if (rule.Scoring?.PointsExpression is not { } points || rule.Scoring.Cap is not null || (rule.Scoring.Category is { } category && categoryCaps.Contains(category)))
                continue;
            var parameters = new Definitions(Parse(rule.LocalParams, options), globals);
            if (TryParse(points.Text, options) is not { } syntax || Growing(syntax, +1, parameters) is not { } counted)
                continue;
            var column = counted.Node.Start + 1;
            yield return new Diagnostic
            {
                Severity = DiagnosticSeverity.Warning,
                Code = DiagnosticCodes.QuotaRisk,
                Message = $"Points grow with '{counted.Name}', a count of enforcement actions, fines or penalties, and neither the rule nor its category has a Cap: that makes enforcement a quota, which national rules forbid — add a Cap, or acknowledge the reason when activating",
                Arguments = [rule.RuleName, counted.Name],
                File = workflow.File,
                Workflow = workflow.WorkflowName,
                Rule = rule.RuleName,
                Expression = points.Text,
                ExpressionColumn = column,
                Line = points.Line,
                Column = points.FileColumnOf(column),
            };
        }
    }

    private static IEnumerable<Rule> Flatten(IEnumerable<Rule> rules) => rules.SelectMany(r => Flatten(r.Rules).Prepend(r));

    private static Dictionary<string, SyntaxNode> Parse(IEnumerable<ScopedParam> parameters, RuleCompilerOptions options)
    {
        var parsed = new Dictionary<string, SyntaxNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var param in parameters)
            if (TryParse(param.Expression.Text, options) is { } node)
                parsed[param.Name] = node;
        return parsed;
    }

    private static SyntaxNode? TryParse(string text, RuleCompilerOptions options)
    {
        try
        {
            return Parser.Parse(text, options.MaxExpressionLength, options.MaxNestingDepth);
        }
        catch (SyntaxError)
        {
            return null;
        }
    }

    /// <summary>The first count of enforcement that raises the value (sign +1), following + − × ÷, unary minus and ?: .</summary>
    private static (SyntaxNode Node, string Name)? Growing(SyntaxNode node, int sign, Definitions parameters) => node switch
    {
        UnaryNode { Operator: UnaryOperator.Negate } unary => Growing(unary.Operand, -sign, parameters),
        UnaryNode { Operator: UnaryOperator.Plus } unary => Growing(unary.Operand, sign, parameters),
        BinaryNode { Operator: BinaryOperator.Add } add => Growing(add.Left, sign, parameters) ?? Growing(add.Right, sign, parameters),
        BinaryNode { Operator: BinaryOperator.Subtract } subtract => Growing(subtract.Left, sign, parameters) ?? Growing(subtract.Right, -sign, parameters),
        BinaryNode { Operator: BinaryOperator.Multiply } multiply => Growing(multiply.Left, sign * SignOf(multiply.Right), parameters) ?? Growing(multiply.Right, sign * SignOf(multiply.Left), parameters),
        BinaryNode { Operator: BinaryOperator.Divide } divide => Growing(divide.Left, sign * SignOf(divide.Right), parameters),
        ConditionalNode conditional => Growing(conditional.WhenTrue, sign, parameters) ?? Growing(conditional.WhenFalse, sign, parameters),
        CallNode { Target: MemberAccessNode { Name: "Round" or "Abs" or "Ceiling" or "Floor" or "Truncate" } } call when call.Arguments.Count > 0 => Growing(call.Arguments[0], sign, parameters),
        _ when sign > 0 && CountOfEnforcement(node, parameters, 0) => (node, NameOf(node)),
        _ => null,
    };

    private static int SignOf(SyntaxNode node) => node switch
    {
        LiteralNode { Value: int or long or double or decimal or float } literal => Convert.ToDouble(literal.Value, System.Globalization.CultureInfo.InvariantCulture) < 0 ? -1 : 1,
        UnaryNode { Operator: UnaryOperator.Negate } unary => -SignOf(unary.Operand),
        _ => 1,
    };

    /// <summary>A count or sum over something named for enforcement, fines or penalties, directly or through a parameter.</summary>
    private static bool CountOfEnforcement(SyntaxNode node, Definitions parameters, int depth)
    {
        if (depth > 16)
            return false;
        return node switch
        {
            IdentifierNode identifier when parameters.TryGetValue(identifier.Name, out var definition) =>
                (EnforcementTerm().IsMatch(identifier.Name) && identifier.Name.EndsWith("Count", StringComparison.OrdinalIgnoreCase)) || Counts(definition, parameters, depth + 1),
            _ => Counts(node, parameters, depth),
        };
    }

    private static bool Counts(SyntaxNode node, Definitions parameters, int depth) => node switch
    {
        CallNode { Target: MemberAccessNode member } call when Aggregates.Contains(member.Name) => Mentions(member.Target) || call.Arguments.Any(Mentions),
        MemberAccessNode member when Aggregates.Contains(member.Name) => Mentions(member.Target),
        IdentifierNode => CountOfEnforcement(node, parameters, depth),
        BinaryNode { Operator: BinaryOperator.Add or BinaryOperator.Multiply or BinaryOperator.Subtract } binary => Counts(binary.Left, parameters, depth) || Counts(binary.Right, parameters, depth),
        ConditionalNode conditional => Counts(conditional.WhenTrue, parameters, depth) || Counts(conditional.WhenFalse, parameters, depth),
        UnaryNode unary => Counts(unary.Operand, parameters, depth),
        _ => false,
    };

    private static bool Mentions(SyntaxNode node) => node switch
    {
        IdentifierNode identifier => EnforcementTerm().IsMatch(identifier.Name),
        MemberAccessNode member => EnforcementTerm().IsMatch(member.Name) || Mentions(member.Target),
        LiteralNode { Value: string text } => EnforcementTerm().IsMatch(text),
        CallNode call => Mentions(call.Target) || call.Arguments.Any(Mentions),
        LambdaNode lambda => Mentions(lambda.Body),
        BinaryNode binary => Mentions(binary.Left) || Mentions(binary.Right),
        UnaryNode unary => Mentions(unary.Operand),
        _ => false,
    };

    private static string NameOf(SyntaxNode node) => node switch
    {
        IdentifierNode identifier => identifier.Name,
        MemberAccessNode { Target: IdentifierNode or MemberAccessNode } member => $"{NameOf(member.Target)}.{member.Name}",
        MemberAccessNode member => member.Name,
        CallNode { Target: MemberAccessNode member } => NameOf(member),
        _ => "?",
    };

    /// <summary>A rule's own parameters over the workflow's: looked up in turn, so no rule copies the globals.</summary>
    private sealed class Definitions(Dictionary<string, SyntaxNode> locals, Dictionary<string, SyntaxNode> globals)
    {
        public bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out SyntaxNode definition) =>
            locals.TryGetValue(name, out definition) || globals.TryGetValue(name, out definition);
    }
}
