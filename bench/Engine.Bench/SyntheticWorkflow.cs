using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AssessmentEngine.Engine.Bench;

/// <summary>
/// Grows officer-monthly.json to N rules (RulesEngine format) for compile-time measurements:
/// rule i copies rule i mod 25; every later copy gets a new name and shifted numeric thresholds.
/// Same inputs and GlobalParams, so any engine that runs the 25 rules can run these.
/// </summary>
public static partial class SyntheticWorkflow
{
    /// <summary>A workflow of <paramref name="count"/> GlobalParams each built on the one before, and one rule reading the last.</summary>
    public static string ChainedParameters(int count)
    {
        var text = new System.Text.StringBuilder("{\"WorkflowName\":\"chained\",\"GlobalParams\":[");
        for (var i = 0; i < count; i++)
            text.Append(i == 0 ? "" : ",").Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"Name\":\"p{i}\",\"Expression\":\"{(i == 0 ? "1" : $"p{i - 1} + 1")}\"}}");
        return text.Append(System.Globalization.CultureInfo.InvariantCulture, $"],\"Rules\":[{{\"RuleName\":\"last\",\"Expression\":\"p{count - 1} > 0\"}}]}}").ToString();
    }

    public static JsonObject Grow(string baseWorkflowPath, int ruleCount)
    {
        var workflow = JsonNode.Parse(File.ReadAllText(baseWorkflowPath))!.AsObject();
        var baseRules = workflow["Rules"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var rules = new JsonArray();
        for (var i = 0; i < ruleCount; i++)
        {
            var variant = i / baseRules.Count;
            var rule = baseRules[i % baseRules.Count].DeepClone().AsObject();
            if (variant > 0)
            {
                rule["RuleName"] = $"{rule["RuleName"]!.GetValue<string>()}_v{variant}";
                rule["Expression"] = ShiftThresholds(rule["Expression"]!.GetValue<string>(), variant);
            }
            rules.Add(rule);
        }
        workflow["WorkflowName"] = $"{workflow["WorkflowName"]!.GetValue<string>()}-{ruleCount}";
        workflow["Rules"] = rules;
        return workflow;
    }

    public static void Write(JsonObject workflow, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Relaxed escaping keeps 辅警 readable in the file; it is never embedded in HTML.
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        File.WriteAllText(path, workflow.ToJsonString(options) + "\n");
    }

    // Rates (0.95) drop by a point per variant, counts and hours (3, 40, 160) rise by ~5 %; 0 stays a guard.
    private static string ShiftThresholds(string expression, int variant) =>
        NumberLiteral().Replace(expression, m =>
        {
            if (m.Value.Contains('.', StringComparison.Ordinal))
            {
                var rate = double.Parse(m.Value, CultureInfo.InvariantCulture);
                return rate is > 0 and < 1 ? Math.Round(rate - (0.01 * variant), 2).ToString("0.0#", CultureInfo.InvariantCulture) : m.Value;
            }
            var count = int.Parse(m.Value, CultureInfo.InvariantCulture);
            return count == 0 ? m.Value : (count + (variant * Math.Max(1, count / 20))).ToString(CultureInfo.InvariantCulture);
        });

    // A number not glued to an identifier or string content such as "merit3".
    [GeneratedRegex(@"(?<![\w.""])\d+(\.\d+)?(?![\w.""])")]
    private static partial Regex NumberLiteral();
}
