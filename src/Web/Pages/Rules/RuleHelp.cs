using System.Collections;
using System.Reflection;
using System.Text.Json;
using AssessmentEngine.Web.Features.Evaluations;

namespace AssessmentEngine.Web.Pages.Rules;

/// <summary>One field of the rule-file format or one member an expression may read, with what it means.</summary>
public sealed record HelpEntry(string Name, string? Type, string? Description);

/// <summary>A block of the rule file (Workflow, Rule, Properties, Scheme) or an input of the expressions.</summary>
public sealed record HelpSection(string Title, IReadOnlyList<HelpEntry> Entries);

/// <summary>
/// The editor's completion hints: the fields of rules/schema/workflow.schema.json (embedded in the app) and the public
/// data members of the inputs a scheme's expressions see (<see cref="SchemeCatalog.InputsOf"/>), one level into collections.
/// </summary>
public static class RuleHelp
{
    private static readonly (string Definition, string Title)[] SchemaBlocks =
        [("Workflow", "Workflow"), ("Rule", "Rules[]"), ("RuleProperties", "Rules[].Properties"), ("Scheme", "Scheme"), ("ScopedParam", "GlobalParams[] / LocalParams[]")];

    private static readonly Lazy<List<HelpSection>> Schema = new(ReadSchema);

    public static IReadOnlyList<HelpSection> Fields => Schema.Value;

    public static IReadOnlyList<HelpSection> Inputs(SchemePopulation population) =>
        SchemeCatalog.InputsOf(population).Select(input => new HelpSection(input.Name, Members(input.Name, input.Type))).ToList();

    private static List<HelpEntry> Members(string prefix, Type type)
    {
        var entries = new List<HelpEntry>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var path = $"{prefix}.{property.Name}";
            var element = ElementType(property.PropertyType);
            entries.Add(new HelpEntry(path, TypeName(property.PropertyType), null));
            if (element is not null && IsHostType(element))
            {
                foreach (var member in element.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    entries.Add(new HelpEntry($"{path}[].{member.Name}", TypeName(member.PropertyType), null));
            }
        }
        return entries;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return null;
        if (type.IsArray) return type.GetElementType();
        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static bool IsHostType(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("AssessmentEngine", StringComparison.Ordinal) == true;

    private static string TypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return TypeName(inner) + "?";
        if (ElementType(type) is { } element) return TypeName(element) + "[]";
        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
        }
        return type.Name switch
        {
            "String" => "string",
            "Int32" => "int",
            "Int64" => "long",
            "Decimal" => "decimal",
            "Double" => "double",
            "Boolean" => "bool",
            _ => type.Name,
        };
    }

    private static List<HelpSection> ReadSchema()
    {
        using var stream = typeof(RuleHelp).Assembly.GetManifestResourceStream("rule-schema/workflow.schema.json");
        if (stream is null) return [];
        using var schema = JsonDocument.Parse(stream);
        var definitions = schema.RootElement.GetProperty("$defs");
        var sections = new List<HelpSection>();
        foreach (var (definition, title) in SchemaBlocks)
        {
            if (!definitions.TryGetProperty(definition, out var block) || !block.TryGetProperty("properties", out var properties)) continue;
            var required = block.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()).ToHashSet() : [];
            var entries = properties.EnumerateObject()
                .Select(p => new HelpEntry(p.Name + (required.Contains(p.Name) ? " *" : ""), SchemaType(p.Value, definitions), Description(p.Value, definitions)))
                .ToList();
            sections.Add(new HelpSection(title, entries));
        }
        return sections;
    }

    private static string? SchemaType(JsonElement property, JsonElement definitions)
    {
        if (property.TryGetProperty("type", out var type))
            return type.ValueKind == JsonValueKind.Array ? string.Join(" | ", type.EnumerateArray().Select(t => t.GetString())) : type.GetString();
        if (property.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()?.Split('/')[^1];
            return name is not null && definitions.TryGetProperty(name, out var target) && target.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString() : name;
        }
        return property.TryGetProperty("enum", out _) ? "enum" : null;
    }

    private static string? Description(JsonElement property, JsonElement definitions)
    {
        if (property.TryGetProperty("description", out var description)) return description.GetString();
        if (property.TryGetProperty("$ref", out var reference) && reference.GetString()?.Split('/')[^1] is { } name
            && definitions.TryGetProperty(name, out var target) && target.TryGetProperty("description", out var d))
            return d.GetString();
        return null;
    }
}
