using System.Globalization;
using System.Text;
using System.Text.Json;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Model;

namespace AssessmentEngine.Rules.Loading;

public sealed record LoadResult(IReadOnlyList<Workflow> Workflows, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Reads Microsoft RulesEngine workflow JSON (one workflow or an array; property names case-insensitive) plus the
/// assessment <c>Scheme</c> block and rule <c>Properties</c>. Reports every problem of the file, not just the first.
/// </summary>
public static class WorkflowLoader
{
    private static readonly string[] Operators = ["And", "AndAlso", "Or", "OrElse"];

    private static readonly string[] WorkflowFields = ["WorkflowName", "WorkflowsToInject", "GlobalParams", "Rules", "Scheme", "RuleExpressionType"];

    private static readonly string[] RuleFields =
    [
        "RuleName", "Expression", "RuleExpressionType", "Operator", "Rules", "LocalParams", "Enabled", "ErrorMessage", "ErrorType",
        "SuccessEvent", "Actions", "Properties", "WorkflowsToInject",
    ];

    public static LoadResult Load(string json, string? fileName = null) => Load(Encoding.UTF8.GetBytes(json), fileName);

    public static LoadResult Load(byte[] utf8Json, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        // Editors on Windows often save UTF-8 with a byte-order mark, which the JSON reader refuses.
        if (utf8Json.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            utf8Json = utf8Json[3..];
        JsonTree root;
        try
        {
            root = JsonTree.Parse(utf8Json);
        }
        catch (JsonException ex)
        {
            return new LoadResult([], [DiagnosticMessages.InvalidJson.Say(ex.Message) with
            {
                File = fileName,
                Line = (int)(ex.LineNumber ?? -1) + 1,
                Column = (int)(ex.BytePositionInLine ?? -1) + 1,
            }]);
        }

        var reader = new Reader(fileName);
        var workflows = new List<Workflow>();
        if (root.Kind == JsonValueKind.Array)
        {
            foreach (var item in root.Items)
                if (reader.ReadWorkflow(item) is { } workflow)
                    workflows.Add(workflow);
        }
        else if (reader.ReadWorkflow(root) is { } workflow)
        {
            workflows.Add(workflow);
        }

        foreach (var group in workflows.GroupBy(w => w.WorkflowName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            reader.Report(DiagnosticMessages.DuplicateWorkflow.Say(group.Key, group.Count()), null, null, 0, 0);
        return new LoadResult(workflows, reader.Diagnostics);
    }

    public static LoadResult LoadFile(string path) => Load(File.ReadAllBytes(path), Path.GetFileName(path));

    private sealed class Reader(string? fileName)
    {
        public List<Diagnostic> Diagnostics { get; } = [];
        private string? _workflow;

        public void Report(Diagnostic said, string? rule, string? expression, int line, int column, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
            Diagnostics.Add(said with { Severity = severity, File = fileName, Workflow = _workflow, Rule = rule, Expression = expression, Line = line, Column = column });

        /// <summary>RulesEngine ignores fields it does not know; a misspelt "Expresion" would silently drop a rule's condition, so it is a warning here.</summary>
        private void WarnUnknownFields(JsonTree node, string[] known, string? rule)
        {
            foreach (var member in node.Members)
            {
                if (known.Contains(member.Key, StringComparer.OrdinalIgnoreCase))
                    continue;
                var suggestion = NameSuggester.Suggest(member.Key, known);
                Report(suggestion is null ? DiagnosticMessages.UnknownField.Say(member.Key) : DiagnosticMessages.UnknownFieldSuggested.Say(member.Key, suggestion), rule, null, member.Value.Line, member.Value.Column, DiagnosticSeverity.Warning);
            }
        }

        public Workflow? ReadWorkflow(JsonTree node)
        {
            _workflow = null;
            if (node.Kind != JsonValueKind.Object)
            {
                Report(DiagnosticMessages.WorkflowNotObject.Say(), null, null, node.Line, node.Column);
                return null;
            }

            var name = node["WorkflowName"]?.String;
            if (string.IsNullOrWhiteSpace(name))
            {
                Report(DiagnosticMessages.NoWorkflowName.Say(), null, null, node.Line, node.Column);
                name = "";
            }
            _workflow = name;
            WarnUnknownFields(node, WorkflowFields, null);

            var scheme = node["Scheme"] is { Kind: JsonValueKind.Object } schemeNode ? ReadScheme(schemeNode) : null;
            var rules = ReadRules(node["Rules"], scheme);
            if (node["Rules"] is null)
                Report(DiagnosticMessages.NoRules.Say(), null, null, node.Line, node.Column);

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var rule in Flatten(rules))
                if (!names.Add(rule.RuleName) && rule.RuleName.Length > 0)
                    Report(DiagnosticMessages.DuplicateRule.Say(rule.RuleName), rule.RuleName, null, rule.Line, rule.Column);

            return new Workflow
            {
                WorkflowName = name,
                WorkflowsToInject = node["WorkflowsToInject"]?.Items.Select(i => i.String ?? "").Where(s => s.Length > 0).ToArray() ?? [],
                GlobalParams = ReadParams(node["GlobalParams"], null),
                Rules = rules,
                Scheme = scheme,
                File = fileName,
            };
        }

        private static IEnumerable<Rule> Flatten(IEnumerable<Rule> rules) => rules.SelectMany(r => Flatten(r.Rules).Prepend(r));

        private List<ScopedParam> ReadParams(JsonTree? node, string? rule)
        {
            var result = new List<ScopedParam>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (node is null || node.Kind == JsonValueKind.Null)
                return result;
            if (node.Kind != JsonValueKind.Array)
            {
                Report(DiagnosticMessages.ParametersNotList.Say(), rule, null, node.Line, node.Column);
                return result;
            }
            foreach (var item in node.Items)
            {
                var name = item["Name"]?.String;
                var expression = item["Expression"];
                if (string.IsNullOrWhiteSpace(name))
                {
                    Report(DiagnosticMessages.ParameterNoName.Say(), rule, null, item.Line, item.Column);
                    continue;
                }
                if (expression?.String is null || expression.String.Trim().Length == 0)
                {
                    Report(DiagnosticMessages.ParameterEmptyExpression.Say(name), rule, null, item.Line, item.Column);
                    continue;
                }
                if (!names.Add(name))
                    Report(DiagnosticMessages.DuplicateParameter.Say(name), rule, null, item.Line, item.Column);
                result.Add(new ScopedParam(name, SourceOf(expression)));
            }
            return result;
        }

        private static ExpressionSource SourceOf(JsonTree node) =>
            new(node.String ?? "", node.Line, node.Column) { RawOffsets = node.RawOffsets };

        private List<Rule> ReadRules(JsonTree? node, Scheme? scheme)
        {
            var rules = new List<Rule>();
            if (node is null || node.Kind == JsonValueKind.Null)
                return rules;
            if (node.Kind != JsonValueKind.Array)
            {
                Report(DiagnosticMessages.RulesNotArray.Say(), null, null, node.Line, node.Column);
                return rules;
            }
            foreach (var item in node.Items)
                if (ReadRule(item, scheme) is { } rule)
                    rules.Add(rule);
            return rules;
        }

        private Rule? ReadRule(JsonTree node, Scheme? scheme)
        {
            if (node.Kind != JsonValueKind.Object)
            {
                Report(DiagnosticMessages.RuleNotObject.Say(), null, null, node.Line, node.Column);
                return null;
            }
            var name = node["RuleName"]?.String;
            if (string.IsNullOrWhiteSpace(name))
            {
                Report(DiagnosticMessages.NoRuleName.Say(), null, null, node.Line, node.Column);
                name = "";
            }
            WarnUnknownFields(node, RuleFields, name);

            var op = node["Operator"]?.String;
            var children = ReadRules(node["Rules"], scheme);
            if (op is not null && !Operators.Contains(op, StringComparer.OrdinalIgnoreCase))
                Report(DiagnosticMessages.UnknownOperator.Say(op, string.Join(", ", Operators)), name, null, node["Operator"]!.Line, node["Operator"]!.Column);
            if (op is not null && children.Count == 0)
                Report(DiagnosticMessages.OperatorWithoutRules.Say(name, op), name, null, node.Line, node.Column);

            var expressionNode = node["Expression"];
            var expression = expressionNode?.String is { } ? SourceOf(expressionNode) : null;
            if (op is null && (expression is null || expression.Text.Trim().Length == 0))
                Report(DiagnosticMessages.EmptyRuleExpression.Say(name), name, null, (expressionNode ?? node).Line, (expressionNode ?? node).Column);

            var type = node["RuleExpressionType"]?.String ?? "LambdaExpression";
            if (!string.Equals(type, "LambdaExpression", StringComparison.OrdinalIgnoreCase))
                Report(DiagnosticMessages.UnsupportedExpressionType.Say(type), name, null, node.Line, node.Column);

            var enabled = node["Enabled"] is not { } enabledNode || enabledNode.Kind != JsonValueKind.False;
            var properties = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            var propertiesNode = node["Properties"];
            if (propertiesNode is { Kind: JsonValueKind.Object })
                foreach (var member in propertiesNode.Members)
                    properties[member.Key] = member.Value.Element;

            return new Rule
            {
                RuleName = name,
                Expression = expression,
                RuleExpressionType = type,
                Operator = op is null ? null : Operators.FirstOrDefault(o => string.Equals(o, op, StringComparison.OrdinalIgnoreCase)) ?? op,
                Rules = children,
                LocalParams = ReadParams(node["LocalParams"], name),
                Enabled = enabled,
                ErrorMessage = node["ErrorMessage"]?.String,
                SuccessEvent = node["SuccessEvent"]?.String,
                Actions = node["Actions"] is { Kind: JsonValueKind.Object } actions
                    ? new RuleActions(ReadAction(actions["OnSuccess"], name), ReadAction(actions["OnFailure"], name))
                    : null,
                Properties = properties,
                Scoring = propertiesNode is { Kind: JsonValueKind.Object } ? ReadScoring(propertiesNode, name, scheme) : null,
                Line = node.Line,
                Column = node.Column,
            };
        }

        private ActionInfo? ReadAction(JsonTree? node, string rule)
        {
            if (node is null || node.Kind != JsonValueKind.Object)
                return null;
            var name = node["Name"]?.String ?? "";
            if (!string.Equals(name, "OutputExpression", StringComparison.OrdinalIgnoreCase) && !string.Equals(name, "EvaluateRule", StringComparison.OrdinalIgnoreCase))
                Report(DiagnosticMessages.UnknownAction.Say(name), rule, null, node.Line, node.Column);
            var context = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            ExpressionSource? expression = null;
            if (node["Context"] is { Kind: JsonValueKind.Object } contextNode)
            {
                foreach (var member in contextNode.Members)
                    context[member.Key] = member.Value.Element;
                if (contextNode["Expression"] is { Kind: JsonValueKind.String } expressionNode)
                    expression = SourceOf(expressionNode);
            }
            if (string.Equals(name, "OutputExpression", StringComparison.OrdinalIgnoreCase) && expression is null)
                Report(DiagnosticMessages.OutputWithoutExpression.Say(), rule, null, node.Line, node.Column);
            return new ActionInfo(name, context) { Expression = expression };
        }

        private RuleScoring ReadScoring(JsonTree node, string rule, Scheme? scheme)
        {
            decimal? points = null;
            ExpressionSource? pointsExpression = null;
            if (node["Points"] is { } pointsNode)
            {
                if (pointsNode.Kind == JsonValueKind.Number)
                    points = pointsNode.Element.GetDecimal();
                else if (pointsNode.Kind == JsonValueKind.String && decimal.TryParse(pointsNode.String, NumberStyles.Number, CultureInfo.InvariantCulture, out var constant))
                    points = constant;
                else if (pointsNode.Kind == JsonValueKind.String && pointsNode.String!.Trim().Length > 0)
                    pointsExpression = SourceOf(pointsNode);
                else
                    Report(DiagnosticMessages.PointsNotNumberOrExpression.Say(Describe(pointsNode)), rule, null, pointsNode.Line, pointsNode.Column);
            }

            decimal? cap = null;
            if (node["Cap"] is { } capNode && capNode.Kind != JsonValueKind.Null)
            {
                if (capNode.Kind == JsonValueKind.Number)
                    cap = capNode.Element.GetDecimal();
                else
                    Report(DiagnosticMessages.CapNotNumber.Say(Describe(capNode)), rule, null, capNode.Line, capNode.Column);
            }

            var veto = false;
            if (node["Veto"] is { } vetoNode)
            {
                if (vetoNode.Kind is JsonValueKind.True or JsonValueKind.False)
                    veto = vetoNode.Kind == JsonValueKind.True;
                else
                    Report(DiagnosticMessages.VetoNotBoolean.Say(Describe(vetoNode)), rule, null, vetoNode.Line, vetoNode.Column);
            }

            var category = node["Category"]?.String;
            if (category is not null && scheme is { Categories.Count: > 0 } && !scheme.Categories.Any(c => string.Equals(c.Name, category, StringComparison.OrdinalIgnoreCase)))
            {
                var suggestion = NameSuggester.Suggest(category, scheme.Categories.Select(c => c.Name));
                Report(suggestion is null ? DiagnosticMessages.UndeclaredCategory.Say(category, string.Join(", ", scheme.Categories.Select(c => c.Name))) : DiagnosticMessages.UndeclaredCategorySuggested.Say(category, suggestion), rule, null, node["Category"]!.Line, node["Category"]!.Column);
            }

            var evidence = node["Evidence"] is { Kind: JsonValueKind.String } evidenceNode ? SourceOf(evidenceNode) : null;
            var parameters = node["Parameters"] is { Kind: JsonValueKind.Array } parametersNode
                ? parametersNode.Items.Select(i => i.String ?? "").Where(s => s.Length > 0).ToArray()
                : null;

            return new RuleScoring
            {
                Title = node["Title"]?.String,
                Category = category is null ? null : scheme?.Categories.FirstOrDefault(c => string.Equals(c.Name, category, StringComparison.OrdinalIgnoreCase))?.Name ?? category,
                Points = points,
                PointsExpression = pointsExpression,
                Cap = cap,
                Veto = veto,
                Outcome = node["Outcome"]?.String,
                Evidence = evidence,
                Parameters = parameters,
            };
        }

        private Scheme ReadScheme(JsonTree node)
        {
            var categories = new List<ScoreCategory>();
            foreach (var item in node["Categories"]?.Items ?? [])
            {
                var name = item["Name"]?.String;
                if (string.IsNullOrWhiteSpace(name))
                {
                    Report(DiagnosticMessages.CategoryNoName.Say(), null, null, item.Line, item.Column);
                    continue;
                }
                categories.Add(new ScoreCategory(name, item["Title"]?.String, NumberOf(item["Cap"], "Cap")));
            }
            var grades = new List<GradeBand>();
            foreach (var item in node["Grades"]?.Items ?? [])
            {
                var name = item["Name"]?.String;
                if (string.IsNullOrWhiteSpace(name))
                {
                    Report(DiagnosticMessages.GradeNoName.Say(), null, null, item.Line, item.Column);
                    continue;
                }
                grades.Add(new GradeBand(name, NumberOf(item["Min"], "Min")));
            }
            return new Scheme
            {
                Title = node["Title"]?.String,
                Population = node["Population"]?.String,
                Period = node["Period"]?.String,
                BaseScore = NumberOf(node["BaseScore"], "BaseScore") ?? 100m,
                VetoScore = NumberOf(node["VetoScore"], "VetoScore") ?? 0m,
                Precision = PrecisionOf(node["Precision"]),
                Categories = categories,
                Grades = grades,
                PeerGroup = node["PeerGroup"]?.Items.Select(i => i.String ?? "").ToArray() ?? [],
                Event = node["Event"] is { Kind: JsonValueKind.Object } shape ? shape.Element : null,
            };
        }

        private int? PrecisionOf(JsonTree? node)
        {
            var value = NumberOf(node, "Precision");
            if (value is null)
                return null;
            if (value == decimal.Truncate(value.Value) && value >= 0 && value <= Scheme.MaxPrecision)
                return (int)value.Value;
            Report(DiagnosticMessages.InvalidPrecision.Say(Scheme.MaxPrecision, value), null, null, node!.Line, node.Column);
            return null;
        }

        private decimal? NumberOf(JsonTree? node, string field)
        {
            if (node is null || node.Kind == JsonValueKind.Null)
                return null;
            if (node.Kind == JsonValueKind.Number)
                return node.Element.GetDecimal();
            Report(DiagnosticMessages.FieldNotNumber.Say(field, Describe(node)), null, null, node.Line, node.Column);
            return null;
        }

        /// <summary>The wrong value in English words, and as JSON for other languages.</summary>
        private static ArgumentText Describe(JsonTree node) => node.Kind switch
        {
            JsonValueKind.String => new($"the text \"{node.String}\"", $"\"{node.String}\""),
            JsonValueKind.True or JsonValueKind.False => new("true/false", "true/false"),
            JsonValueKind.Object => new("an object", "{…}"),
            JsonValueKind.Array => new("a list", "[…]"),
            JsonValueKind.Null => new("null", "null"),
            _ => new("a number", "0"),
        };
    }
}
