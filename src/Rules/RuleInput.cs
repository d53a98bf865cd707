namespace AssessmentEngine.Rules;

/// <summary>An input the rules read, declared by name and CLR type when compiling (e.g. <c>new RuleInput("officer", typeof(Officer))</c>).</summary>
public sealed record RuleInput(string Name, Type Type)
{
    /// <summary>For JSON inputs: the shape the document was declared with; the host passes a JsonElement, JsonNode or JSON text.</summary>
    public JsonShape? Shape { get; private init; }

    /// <summary>An input given as a JSON document of the declared shape.</summary>
    public static RuleInput Json(string name, JsonShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new RuleInput(name, shape.BuildType(name)) { Shape = shape };
    }

    /// <summary>Turns a JSON value (JsonElement, JsonNode or text) into an instance of the generated type; other values pass through.</summary>
    internal object? Prepare(object? value) => Shape is null ? value : value switch
    {
        System.Text.Json.JsonElement element => JsonShape.Materialize(element, Type),
        System.Text.Json.Nodes.JsonNode node => JsonShape.Materialize(System.Text.Json.JsonSerializer.SerializeToElement(node), Type),
        string text => JsonShape.Materialize(System.Text.Json.JsonDocument.Parse(text).RootElement, Type),
        _ => value,
    };

    /// <summary>Inputs named <c>input1..N</c>, as RulesEngine names unnamed inputs.</summary>
    public static RuleInput[] Positional(params Type[] types) => types.Select((t, i) => new RuleInput($"input{i + 1}", t)).ToArray();
}
