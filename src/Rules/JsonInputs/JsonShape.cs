using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AssessmentEngine.Rules;

/// <summary>
/// The declared (or inferred) shape of a JSON input, e.g. <c>{"Code":"string","At":"datetime","Items":[{"Qty":"int"}]}</c>.
/// The engine turns it into a generated CLR type, so expressions over JSON are bound and type-checked exactly like
/// expressions over typed inputs; a member missing from the shape is a load-time error.
/// </summary>
public sealed class JsonShape
{
    private static readonly Dictionary<string, Type> Scalars = new(StringComparer.OrdinalIgnoreCase)
    {
        ["string"] = typeof(string),
        ["int"] = typeof(int),
        ["integer"] = typeof(int),
        ["long"] = typeof(long),
        ["number"] = typeof(double),
        ["double"] = typeof(double),
        ["decimal"] = typeof(decimal),
        ["bool"] = typeof(bool),
        ["boolean"] = typeof(bool),
        ["datetime"] = typeof(DateTime),
        ["date"] = typeof(DateTime),
        ["datetimeoffset"] = typeof(DateTimeOffset),
        ["timespan"] = typeof(TimeSpan),
    };

    // One generated type per (input name, shape), so equal declarations give equal rule-set versions and cache hits.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Type>> Types = new(StringComparer.Ordinal);

    private readonly JsonElement _declaration;

    private JsonShape(JsonElement declaration) => _declaration = declaration;

    /// <summary>Reads a shape declaration. Scalars: string, int, long, number (double), decimal, bool, datetime, datetimeoffset, timespan; a trailing '?' allows null.</summary>
    public static JsonShape Parse(string declaration)
    {
        using var document = JsonDocument.Parse(declaration);
        var shape = new JsonShape(document.RootElement.Clone());
        _ = Describe(shape._declaration, "shape");
        return shape;
    }

    /// <summary>Infers a shape from a sample document: integers become long, other numbers double, ISO-8601 text datetime.</summary>
    public static JsonShape Infer(JsonElement sample) => new(InferDeclaration(sample));

    public override string ToString() => _declaration.GetRawText();

    internal Type BuildType(string inputName) =>
        Types.GetOrAdd(inputName + ":" + _declaration.GetRawText(), _ => new Lazy<Type>(() => Generate(inputName))).Value;

    private Type Generate(string inputName)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputName + ":" + _declaration.GetRawText())))[..12];
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("JsonInput_" + hash), AssemblyBuilderAccess.RunAndCollect).DefineDynamicModule("JsonInput");
        return (Type)Emit(module, $"AssessmentEngine.JsonInputs.H{hash}.{Identifier(inputName)}", _declaration);
    }

    private static object Emit(ModuleBuilder module, string typeName, JsonElement declaration)
    {
        switch (declaration.ValueKind)
        {
            case JsonValueKind.String:
                var text = declaration.GetString()!;
                var nullable = text.EndsWith('?');
                var scalar = Scalars.GetValueOrDefault(nullable ? text[..^1] : text)
                    ?? throw new ArgumentException($"unknown type '{text}' in a JSON shape — expected one of {string.Join(", ", Scalars.Keys)}");
                return nullable && scalar.IsValueType ? typeof(Nullable<>).MakeGenericType(scalar) : scalar;
            case JsonValueKind.Array:
                if (declaration.GetArrayLength() != 1)
                    throw new ArgumentException("a list in a JSON shape declares its element shape once, e.g. [{\"Qty\": \"int\"}]");
                var element = (Type)Emit(module, typeName + "Item", declaration[0]);
                return typeof(List<>).MakeGenericType(element);
            case JsonValueKind.Object:
                var builder = module.DefineType(typeName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class);
                foreach (var property in declaration.EnumerateObject())
                    builder.DefineField(Identifier(property.Name), (Type)Emit(module, typeName + "_" + Identifier(property.Name), property.Value), FieldAttributes.Public);
                return builder.CreateType();
            default:
                throw new ArgumentException($"a JSON shape value must be a type name, a list or an object, not {declaration.ValueKind}");
        }
    }

    private static string Describe(JsonElement declaration, string path) => declaration.ValueKind switch
    {
        JsonValueKind.String when Scalars.ContainsKey(declaration.GetString()!.TrimEnd('?')) => path,
        JsonValueKind.Array when declaration.GetArrayLength() == 1 => Describe(declaration[0], path + "[]"),
        JsonValueKind.Object => string.Join(",", declaration.EnumerateObject().Select(p => Describe(p.Value, $"{path}.{Identifier(p.Name)}"))),
        _ => throw new ArgumentException($"invalid JSON shape at {path}: {declaration.GetRawText()}"),
    };

    private static string Identifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsLetterOrDigit(c) || c == '_'))
            throw new ArgumentException($"'{name}' cannot be used as a member name in rule expressions");
        return name;
    }

    private static JsonElement InferDeclaration(JsonElement sample)
    {
        var node = InferNode(sample);
        return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
    }

    private static JsonNode InferNode(JsonElement sample)
    {
        switch (sample.ValueKind)
        {
            case JsonValueKind.Object:
                var shape = new JsonObject();
                foreach (var property in sample.EnumerateObject())
                    shape[property.Name] = InferNode(property.Value);
                return shape;
            case JsonValueKind.Array:
                var merged = new JsonObject();
                JsonNode? scalar = null;
                foreach (var item in sample.EnumerateArray())
                {
                    var inferred = InferNode(item);
                    if (inferred is JsonObject obj)
                    {
                        foreach (var pair in obj.ToArray())
                            if (!merged.ContainsKey(pair.Key))
                                merged[pair.Key] = pair.Value!.DeepClone();
                    }
                    else
                    {
                        scalar ??= inferred;
                    }
                }
                return new JsonArray(merged.Count > 0 || scalar is null ? merged : scalar);
            case JsonValueKind.Number:
                return JsonValue.Create(sample.TryGetInt64(out _) ? "long" : "number");
            case JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create("bool");
            case JsonValueKind.String when sample.TryGetDateTime(out _):
                return JsonValue.Create("datetime");
            default:
                return JsonValue.Create("string");
        }
    }

    /// <summary>
    /// Every way a document departs from the shape, as (JSON path, problem) pairs; empty when it fits. Scalars without a
    /// trailing '?' are required; lists and nested objects may be absent. Members the shape does not declare are ignored.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Check(JsonElement document)
    {
        var problems = new List<KeyValuePair<string, string>>();
        Check(_declaration, document, "", problems);
        return problems;
    }

    private static void Check(JsonElement declaration, JsonElement value, string path, List<KeyValuePair<string, string>> problems)
    {
        void Problem(string message) => problems.Add(new(path.Length == 0 ? "$" : path, message));
        var absent = value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
        switch (declaration.ValueKind)
        {
            case JsonValueKind.Object:
                if (absent && path.Length > 0)
                    return;
                if (value.ValueKind != JsonValueKind.Object)
                {
                    Problem("expected an object");
                    return;
                }
                foreach (var member in declaration.EnumerateObject())
                {
                    var found = default(JsonElement);
                    foreach (var property in value.EnumerateObject())
                    {
                        if (string.Equals(property.Name, member.Name, StringComparison.OrdinalIgnoreCase))
                        {
                            found = property.Value;
                            break;
                        }
                    }
                    Check(member.Value, found, path.Length == 0 ? member.Name : $"{path}.{member.Name}", problems);
                }
                return;
            case JsonValueKind.Array:
                if (absent)
                    return;
                if (value.ValueKind != JsonValueKind.Array)
                {
                    Problem("expected a list");
                    return;
                }
                var index = 0;
                foreach (var item in value.EnumerateArray())
                    Check(declaration[0], item, $"{path}[{index++}]", problems);
                return;
        }
        var text = declaration.GetString()!;
        var nullable = text.EndsWith('?');
        var scalar = Scalars[nullable ? text[..^1] : text];
        if (absent)
        {
            if (!nullable)
                Problem(value.ValueKind == JsonValueKind.Undefined ? "is required" : "must not be null");
            return;
        }
        var fits = scalar switch
        {
            _ when scalar == typeof(string) => value.ValueKind == JsonValueKind.String,
            _ when scalar == typeof(int) => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
            _ when scalar == typeof(long) => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            _ when scalar == typeof(double) => value.ValueKind == JsonValueKind.Number,
            _ when scalar == typeof(decimal) => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _),
            _ when scalar == typeof(bool) => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ when scalar == typeof(DateTime) => value.ValueKind == JsonValueKind.String && value.TryGetDateTime(out _),
            _ when scalar == typeof(DateTimeOffset) => value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out _),
            _ => value.ValueKind == JsonValueKind.String && TimeSpan.TryParse(value.GetString(), CultureInfo.InvariantCulture, out _),
        };
        if (!fits)
            Problem($"expected {Expected(scalar)}, not {value.GetRawText()}");
    }

    private static string Expected(Type scalar) => scalar switch
    {
        _ when scalar == typeof(string) => "text",
        _ when scalar == typeof(int) => "a whole number (32-bit)",
        _ when scalar == typeof(long) => "a whole number",
        _ when scalar == typeof(bool) => "true or false",
        _ when scalar == typeof(DateTime) || scalar == typeof(DateTimeOffset) => "an ISO-8601 date and time",
        _ when scalar == typeof(TimeSpan) => "a duration such as \"00:01:30\"",
        _ => "a number",
    };

    /// <summary>The declared scalar members of the top-level object, by name (e.g. to find an id every document must carry).</summary>
    public IReadOnlyDictionary<string, string> Members =>
        _declaration.ValueKind != JsonValueKind.Object
            ? new Dictionary<string, string>()
            : _declaration.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds an instance of the generated type from a JSON value; absent or null fields stay null/default.</summary>
    internal static object? Materialize(JsonElement json, Type type)
    {
        if (json.ValueKind == JsonValueKind.Null || json.ValueKind == JsonValueKind.Undefined)
            return null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
            return json.ValueKind == JsonValueKind.String ? json.GetString() : json.GetRawText();
        if (underlying == typeof(int))
            return json.ValueKind == JsonValueKind.String ? int.Parse(json.GetString()!, CultureInfo.InvariantCulture) : json.GetInt32();
        if (underlying == typeof(long))
            return json.ValueKind == JsonValueKind.String ? long.Parse(json.GetString()!, CultureInfo.InvariantCulture) : json.GetInt64();
        if (underlying == typeof(double))
            return json.ValueKind == JsonValueKind.String ? double.Parse(json.GetString()!, CultureInfo.InvariantCulture) : json.GetDouble();
        if (underlying == typeof(decimal))
            return json.ValueKind == JsonValueKind.String ? decimal.Parse(json.GetString()!, CultureInfo.InvariantCulture) : json.GetDecimal();
        if (underlying == typeof(bool))
            return json.GetBoolean();
        if (underlying == typeof(DateTime))
            return json.GetDateTime();
        if (underlying == typeof(DateTimeOffset))
            return json.GetDateTimeOffset();
        if (underlying == typeof(TimeSpan))
            return TimeSpan.Parse(json.GetString()!, CultureInfo.InvariantCulture);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (System.Collections.IList)Activator.CreateInstance(type)!;
            var element = type.GetGenericArguments()[0];
            foreach (var item in json.EnumerateArray())
                list.Add(Materialize(item, element));
            return list;
        }
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in json.EnumerateObject())
        {
            var field = type.GetField(property.Name, BindingFlags.Public | BindingFlags.Instance)
                ?? type.GetField(property.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (field is not null)
                field.SetValue(instance, Materialize(property.Value, field.FieldType));
        }
        return instance;
    }
}
