namespace AssessmentEngine.Rules.Binding;

/// <summary>Type names as an inspector reads them: <c>int</c>, <c>DateTime?</c>, <c>List&lt;Enforcement&gt;</c>.</summary>
internal static class TypeNames
{
    public static string Of(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return Of(underlying) + "?";
        if (type.IsArray)
            return Of(type.GetElementType()!) + "[]";
        if (type.IsGenericType)
        {
            var name = type.Name;
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            return $"{(tick < 0 ? name : name[..tick])}<{string.Join(", ", type.GetGenericArguments().Select(Of))}>";
        }
        return type == typeof(int) ? "int"
            : type == typeof(long) ? "long"
            : type == typeof(double) ? "double"
            : type == typeof(float) ? "float"
            : type == typeof(decimal) ? "decimal"
            : type == typeof(bool) ? "bool"
            : type == typeof(string) ? "string"
            : type == typeof(char) ? "char"
            : type == typeof(object) ? "null"
            : type.Name;
    }
}
