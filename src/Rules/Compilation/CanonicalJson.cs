using System.Text;
using System.Text.Json;
using AssessmentEngine.Rules.Model;

namespace AssessmentEngine.Rules.Compilation;

/// <summary>A whitespace-free, field-ordered JSON of what a rule set means, so the version hash ignores formatting.</summary>
internal static class CanonicalJson
{
    public static string Of(IEnumerable<Workflow> workflows, IReadOnlyList<RuleInput> inputs)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Inputs");
            foreach (var input in inputs)
                writer.WriteStringValue($"{input.Name}:{input.Type.FullName}");
            writer.WriteEndArray();
            writer.WriteStartArray("Workflows");
            foreach (var workflow in workflows)
                Write(writer, workflow);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, Workflow workflow)
    {
        writer.WriteStartObject();
        writer.WriteString("WorkflowName", workflow.WorkflowName);
        writer.WriteStartArray("WorkflowsToInject");
        foreach (var name in workflow.WorkflowsToInject)
            writer.WriteStringValue(name);
        writer.WriteEndArray();
        WriteParams(writer, "GlobalParams", workflow.GlobalParams);
        writer.WriteStartArray("Rules");
        foreach (var rule in workflow.Rules)
            Write(writer, rule);
        writer.WriteEndArray();
        if (workflow.Scheme is { } scheme)
        {
            writer.WritePropertyName("Scheme");
            JsonSerializer.Serialize(writer, scheme);
        }
        writer.WriteEndObject();
    }

    private static void WriteParams(Utf8JsonWriter writer, string name, IEnumerable<ScopedParam> parameters)
    {
        writer.WriteStartArray(name);
        foreach (var param in parameters)
        {
            writer.WriteStartObject();
            writer.WriteString("Name", param.Name);
            writer.WriteString("Expression", param.Expression.Text);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void Write(Utf8JsonWriter writer, Rule rule)
    {
        writer.WriteStartObject();
        writer.WriteString("RuleName", rule.RuleName);
        writer.WriteString("Expression", rule.Expression?.Text);
        writer.WriteString("Operator", rule.Operator);
        writer.WriteBoolean("Enabled", rule.Enabled);
        writer.WriteString("ErrorMessage", rule.ErrorMessage);
        writer.WriteString("SuccessEvent", rule.SuccessEvent);
        WriteParams(writer, "LocalParams", rule.LocalParams);
        writer.WriteStartArray("Actions");
        foreach (var action in new[] { rule.Actions?.OnSuccess, rule.Actions?.OnFailure })
        {
            if (action is null)
            {
                writer.WriteNullValue();
                continue;
            }
            writer.WriteStartObject();
            writer.WriteString("Name", action.Name);
            foreach (var pair in action.Context.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(pair.Key);
                pair.Value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (rule.Scoring is { } scoring)
        {
            writer.WriteStartObject("Scoring");
            writer.WriteString("Title", scoring.Title);
            writer.WriteString("Category", scoring.Category);
            if (scoring.Points is { } points)
                writer.WriteNumber("Points", points);
            writer.WriteString("PointsExpression", scoring.PointsExpression?.Text);
            if (scoring.Cap is { } cap)
                writer.WriteNumber("Cap", cap);
            writer.WriteBoolean("Veto", scoring.Veto);
            writer.WriteString("Outcome", scoring.Outcome);
            writer.WriteString("Evidence", scoring.Evidence?.Text);
            writer.WriteString("Parameters", scoring.Parameters is null ? null : string.Join(",", scoring.Parameters));
            writer.WriteEndObject();
        }
        writer.WriteStartObject("Properties");
        foreach (var pair in rule.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(writer);
        }
        writer.WriteEndObject();
        writer.WriteStartArray("Rules");
        foreach (var child in rule.Rules)
            Write(writer, child);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
