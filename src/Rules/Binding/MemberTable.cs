using System.Collections;
using System.Reflection;
using AssessmentEngine.Rules.Binding.Builtins;

namespace AssessmentEngine.Rules.Binding;

/// <summary>A method the language may call. <see cref="ReceiverIsFirstParameter"/> marks a static helper that stands in for an instance method.</summary>
internal sealed record MethodCandidate(MethodInfo Method, bool ReceiverIsFirstParameter = false, Delegate? Target = null)
{
    public ParameterInfo[] Parameters { get; } = Method.GetParameters();
}

/// <summary>
/// The sandbox: a positive list of what expressions may reach. Data members of the host's input types (and the types
/// reachable from them) are allowed; everything else must be listed here. There is no blacklist to keep up to date.
/// </summary>
internal sealed class MemberTable
{
    private static readonly HashSet<Type> ScalarTypes =
    [
        typeof(bool), typeof(char), typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal),
        typeof(string), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan),
    ];

    private static readonly Dictionary<string, Type> BuiltinStaticTypes = new(StringComparer.Ordinal)
    {
        ["Math"] = typeof(Math),
        ["Convert"] = typeof(Convert),
        ["DateTime"] = typeof(DateTime),
        ["DateTimeOffset"] = typeof(DateTimeOffset),
        ["TimeSpan"] = typeof(TimeSpan),
        ["string"] = typeof(string),
        ["String"] = typeof(string),
        ["int"] = typeof(int),
        ["Int32"] = typeof(int),
        ["long"] = typeof(long),
        ["Int64"] = typeof(long),
        ["double"] = typeof(double),
        ["Double"] = typeof(double),
        ["decimal"] = typeof(decimal),
        ["Decimal"] = typeof(decimal),
        ["bool"] = typeof(bool),
        ["Boolean"] = typeof(bool),
        ["DayOfWeek"] = typeof(DayOfWeek),
    };

    private static readonly Dictionary<Type, string[]> BuiltinProperties = new()
    {
        [typeof(string)] = ["Length"],
        [typeof(DateTime)] = ["Year", "Month", "Day", "Hour", "Minute", "Second", "Millisecond", "Date", "DayOfWeek", "DayOfYear", "Ticks", "TimeOfDay"],
        [typeof(DateTimeOffset)] = ["Year", "Month", "Day", "Hour", "Minute", "Second", "Millisecond", "Date", "DayOfWeek", "DayOfYear", "Ticks", "TimeOfDay", "DateTime", "UtcDateTime", "Offset"],
        [typeof(TimeSpan)] = ["TotalDays", "TotalHours", "TotalMinutes", "TotalSeconds", "TotalMilliseconds", "Days", "Hours", "Minutes", "Seconds", "Milliseconds", "Ticks"],
    };

    private static readonly Dictionary<Type, string[]> BuiltinStaticFields = new()
    {
        [typeof(DateTime)] = ["MinValue", "MaxValue"],
        [typeof(DateTimeOffset)] = ["MinValue", "MaxValue"],
        [typeof(TimeSpan)] = ["Zero", "MinValue", "MaxValue"],
        [typeof(string)] = ["Empty"],
        [typeof(int)] = ["MinValue", "MaxValue"],
        [typeof(long)] = ["MinValue", "MaxValue"],
        [typeof(double)] = ["MinValue", "MaxValue"],
        [typeof(decimal)] = ["MinValue", "MaxValue", "Zero", "One"],
        [typeof(Math)] = ["PI", "E"],
    };

    private readonly Dictionary<(Type, string), List<MethodCandidate>> _instanceMethods = [];
    private readonly Dictionary<(Type, string), List<MethodCandidate>> _staticMethods = [];
    private readonly Dictionary<string, List<MethodCandidate>> _functions;
    private readonly Dictionary<string, Type> _staticTypes;

    public MemberTable(IReadOnlyDictionary<string, List<MethodCandidate>> functions, IEnumerable<Type> inputTypes)
    {
        _functions = new Dictionary<string, List<MethodCandidate>>(functions, StringComparer.Ordinal);
        _staticTypes = new Dictionary<string, Type>(BuiltinStaticTypes, StringComparer.Ordinal);
        foreach (var enumType in ReachableEnums(inputTypes))
            _staticTypes.TryAdd(enumType.Name, enumType);
        RegisterBuiltinMethods();
    }

    public IEnumerable<string> StaticTypeNames => _staticTypes.Keys;

    public IEnumerable<string> FunctionNames => _functions.Keys;

    public Type? StaticType(string name) => Lookup(_staticTypes, name);

    public List<MethodCandidate>? Functions(string name) => Lookup(_functions, name);

    private static TValue? Lookup<TValue>(Dictionary<string, TValue> map, string name)
        where TValue : class
    {
        if (map.TryGetValue(name, out var exact))
            return exact;
        foreach (var pair in map.OrderBy(p => p.Key, StringComparer.Ordinal))
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                return pair.Value;
        return null;
    }

    public static bool IsScalar(Type type) => ScalarTypes.Contains(type) || type.IsEnum;

    public static bool IsLanguageType(Type type) =>
        IsScalar(type) || (Nullable.GetUnderlyingType(type) is { } inner && IsScalar(inner));

    /// <summary>Types whose data members may be read: the host's own data types (not framework, reflection, I/O or delegate types).</summary>
    public static bool IsDataType(Type type)
    {
        if (type.IsPrimitive || type.IsPointer || type.IsByRef || type.IsEnum || type.IsArray || type.ContainsGenericParameters || typeof(Delegate).IsAssignableFrom(type))
            return false;
        var ns = type.Namespace ?? "";
        return !(ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns == "Microsoft" || ns.StartsWith("Microsoft.", StringComparison.Ordinal));
    }

    /// <summary>Types an expression may hold a value of; a data member of any other type (Type, Assembly, Stream, a delegate …) is refused.</summary>
    public static bool IsValueTypeAllowed(Type type)
    {
        if (IsLanguageType(type) || IsDataType(type) || type == typeof(object))
            return true;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return IsValueTypeAllowed(underlying);
        if (type.IsArray)
            return type.GetArrayRank() == 1 && IsValueTypeAllowed(type.GetElementType()!);
        if (type.IsGenericType && type.Namespace is "System.Collections.Generic" or "System.Linq" or "System.Collections.ObjectModel" or "System.Collections.Immutable")
            return type.GetGenericArguments().All(IsValueTypeAllowed);
        return type == typeof(System.Text.Json.JsonElement);
    }

    public static Type? ElementTypeOf(Type type)
    {
        if (type == typeof(string))
            return null;
        if (type.IsArray)
            return type.GetElementType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            return type.GetGenericArguments()[0];
        return type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(i => i.GetGenericArguments()[0])
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    public static (Type Key, Type Value)? DictionaryTypesOf(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>))
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IDictionary<,>)));
        if (dictionary is null)
            return null;
        var args = dictionary.GetGenericArguments();
        return (args[0], args[1]);
    }

    /// <summary>A readable property or field: built-in members of scalar types, Count/Length/Keys/Values of collections, and public data members of host types.</summary>
    public static MemberInfo? InstanceMember(Type type, string name, out IReadOnlyList<string> candidates)
    {
        var members = InstanceMembers(type);
        candidates = members.Select(m => m.Name).ToArray();
        return members.FirstOrDefault(m => m.Name == name) ?? members.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    public static IEnumerable<string> InstanceMembersOf(Type type) => InstanceMembers(type).Select(m => m.Name);

    private static List<MemberInfo> InstanceMembers(Type type)
    {
        var result = new List<MemberInfo>();
        if (Nullable.GetUnderlyingType(type) is not null)
        {
            result.Add(type.GetProperty("HasValue")!);
            result.Add(type.GetProperty("Value")!);
            return result;
        }
        if (BuiltinProperties.TryGetValue(type, out var names))
        {
            result.AddRange(names.Select(n => (MemberInfo)type.GetProperty(n)!));
            return result;
        }
        if (type.IsArray)
        {
            result.Add(type.GetProperty("Length")!);
            return result;
        }
        if (IsDataType(type))
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
                if (property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
                    result.Add(property);
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance).OrderBy(f => f.MetadataToken))
                result.Add(field);
        }
        if (ElementTypeOf(type) is not null || DictionaryTypesOf(type) is not null)
        {
            foreach (var name in new[] { "Count", "Keys", "Values" })
                if (FindProperty(type, name) is { } property)
                    result.Add(property);
        }
        return result;
    }

    /// <summary>Finds a property on a type or, for interfaces, on the interfaces it extends.</summary>
    public static PropertyInfo? FindProperty(Type type, string name)
    {
        var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
        if (property is not null || !type.IsInterface)
            return property;
        return type.GetInterfaces().Select(i => i.GetProperty(name)).FirstOrDefault(p => p is not null);
    }

    public static FieldInfo? StaticField(Type type, string name) =>
        BuiltinStaticFields.TryGetValue(type, out var names) && names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } found
            ? type.GetField(found, BindingFlags.Public | BindingFlags.Static)
            : null;

    public static PropertyInfo? StaticProperty(Type type, string name) =>
        BuiltinStaticFields.TryGetValue(type, out var names) && names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } found
            ? type.GetProperty(found, BindingFlags.Public | BindingFlags.Static)
            : null;

    public IEnumerable<string> StaticMemberNames(Type type) =>
        (BuiltinStaticFields.TryGetValue(type, out var fields) ? fields : [])
        .Concat(_staticMethods.Keys.Where(k => k.Item1 == type).Select(k => k.Item2))
        .Concat(type.IsEnum ? Enum.GetNames(type) : []);

    public IEnumerable<string> InstanceMethodNames(Type type) => _instanceMethods.Keys.Where(k => k.Item1 == type).Select(k => k.Item2);

    public List<MethodCandidate>? InstanceMethods(Type type, string name) => Find(_instanceMethods, type, name);

    public List<MethodCandidate>? StaticMethods(Type type, string name) => Find(_staticMethods, type, name);

    private static List<MethodCandidate>? Find(Dictionary<(Type, string), List<MethodCandidate>> map, Type type, string name)
    {
        if (map.TryGetValue((type, name), out var exact))
            return exact;
        return map.Where(p => p.Key.Item1 == type && string.Equals(p.Key.Item2, name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.Key.Item2, StringComparer.Ordinal)
            .Select(p => p.Value)
            .FirstOrDefault();
    }

    private void RegisterBuiltinMethods()
    {
        var text = typeof(TextFunctions);
        var parse = typeof(ParseFunctions);

        AddFramework(_instanceMethods, typeof(string), ["Contains", "Trim", "TrimStart", "TrimEnd", "Substring", "ToLowerInvariant", "ToUpperInvariant"], instance: true);
        AddHelper(_instanceMethods, typeof(string), text, "StartsWith", "EndsWith", "IndexOf", "LastIndexOf", "CompareTo", "ToLower", "ToUpper", "Split", "ToString", "Replace", "PadLeft", "PadRight");
        Add(_instanceMethods, typeof(string), "Replace", new MethodCandidate(typeof(string).GetMethod("Replace", [typeof(char), typeof(char)])!));
        Add(_instanceMethods, typeof(string), "IndexOf", new MethodCandidate(typeof(string).GetMethod("IndexOf", [typeof(char)])!));
        Add(_instanceMethods, typeof(string), "Equals", new MethodCandidate(typeof(string).GetMethod("Equals", [typeof(string)])!));

        foreach (var dateType in new[] { typeof(DateTime), typeof(DateTimeOffset) })
        {
            AddFramework(_instanceMethods, dateType, ["AddDays", "AddHours", "AddMinutes", "AddSeconds", "AddMonths", "AddYears", "Add", "Subtract"], instance: true);
            Add(_instanceMethods, dateType, "ToString", new MethodCandidate(text.GetMethod("ToString", [dateType, typeof(string)])!, true));
        }
        AddFramework(_instanceMethods, typeof(TimeSpan), ["Add", "Subtract", "Duration", "Negate"], instance: true);
        foreach (var numeric in new[] { typeof(double), typeof(decimal), typeof(int) })
            Add(_instanceMethods, numeric, "ToString", new MethodCandidate(text.GetMethod("ToString", [numeric, typeof(string)])!, true));

        AddFramework(_staticMethods, typeof(Math), ["Abs", "Min", "Max", "Round", "Floor", "Ceiling", "Pow", "Sqrt", "Sign", "Truncate", "Log", "Log10", "Exp"], instance: false);
        foreach (var name in new[] { "ToInt32", "ToInt64", "ToDouble", "ToDecimal", "ToBoolean" })
        {
            foreach (var method in typeof(Convert).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == name && m.GetParameters() is [{ } p] && p.ParameterType != typeof(string) && p.ParameterType != typeof(DateTime) && IsScalar(p.ParameterType)))
                Add(_staticMethods, typeof(Convert), name, new MethodCandidate(method));
        }
        Add(_staticMethods, typeof(Convert), "ToInt32", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseInt32))!));
        Add(_staticMethods, typeof(Convert), "ToInt64", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseInt64))!));
        Add(_staticMethods, typeof(Convert), "ToDouble", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseDouble))!));
        Add(_staticMethods, typeof(Convert), "ToDecimal", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseDecimal))!));
        Add(_staticMethods, typeof(Convert), "ToBoolean", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseBoolean))!));
        Add(_staticMethods, typeof(Convert), "ToDateTime", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseDateTime))!));
        Add(_staticMethods, typeof(int), "Parse", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseInt32))!));
        Add(_staticMethods, typeof(long), "Parse", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseInt64))!));
        Add(_staticMethods, typeof(double), "Parse", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseDouble))!));
        Add(_staticMethods, typeof(decimal), "Parse", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseDecimal))!));
        Add(_staticMethods, typeof(bool), "Parse", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseBoolean))!));
        Add(_staticMethods, typeof(DateTime), "Parse", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseDateTime))!));
        Add(_staticMethods, typeof(DateTimeOffset), "Parse", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseDateTimeOffset))!));
        Add(_staticMethods, typeof(TimeSpan), "Parse", new MethodCandidate(parse.GetMethod(nameof(ParseFunctions.ParseTimeSpan))!));
        AddFramework(_staticMethods, typeof(DateTime), ["DaysInMonth", "IsLeapYear"], instance: false);
        AddFramework(_staticMethods, typeof(TimeSpan), ["FromDays", "FromHours", "FromMinutes", "FromSeconds", "FromMilliseconds"], instance: false);
        AddFramework(_staticMethods, typeof(string), ["IsNullOrEmpty", "IsNullOrWhiteSpace"], instance: false);
        foreach (var concat in text.GetMethods().Where(m => m.Name == nameof(TextFunctions.Concat)))
            Add(_staticMethods, typeof(string), "Concat", new MethodCandidate(concat));
        Add(_staticMethods, typeof(string), "Join", new MethodCandidate(text.GetMethod(nameof(TextFunctions.Join))!));
        Add(_staticMethods, typeof(string), "Compare", new MethodCandidate(typeof(string).GetMethod(nameof(string.CompareOrdinal), [typeof(string), typeof(string)])!));
    }

    private static void Add(Dictionary<(Type, string), List<MethodCandidate>> map, Type type, string name, MethodCandidate candidate)
    {
        if (!map.TryGetValue((type, name), out var list))
            map[(type, name)] = list = [];
        list.Add(candidate);
    }

    private static void AddFramework(Dictionary<(Type, string), List<MethodCandidate>> map, Type type, string[] names, bool instance)
    {
        var flags = BindingFlags.Public | (instance ? BindingFlags.Instance : BindingFlags.Static);
        foreach (var method in type.GetMethods(flags).OrderBy(m => m.MetadataToken))
        {
            if (!names.Contains(method.Name) || method.IsGenericMethod || method.GetParameters().Any(p => !IsScalar(p.ParameterType) || p.ParameterType.IsEnum || p.IsOut || p.ParameterType.IsByRef || p.IsDefined(typeof(ParamArrayAttribute))) || !IsLanguageType(method.ReturnType))
                continue;
            Add(map, type, method.Name, new MethodCandidate(method));
        }
    }

    private static void AddHelper(Dictionary<(Type, string), List<MethodCandidate>> map, Type receiver, Type helper, params string[] names)
    {
        foreach (var method in helper.GetMethods(BindingFlags.Public | BindingFlags.Static).OrderBy(m => m.MetadataToken))
            if (names.Contains(method.Name) && !method.IsGenericMethod && method.GetParameters() is [{ } first, ..] && first.ParameterType == receiver)
                Add(map, receiver, method.Name, new MethodCandidate(method, true));
    }

    private static IEnumerable<Type> ReachableEnums(IEnumerable<Type> roots)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.Count > 0 && seen.Count < 2000)
        {
            var type = pending.Pop();
            if (!seen.Add(type))
                continue;
            if (Nullable.GetUnderlyingType(type) is { } underlying)
            {
                pending.Push(underlying);
                continue;
            }
            if (type.IsEnum)
            {
                yield return type;
                continue;
            }
            if (ElementTypeOf(type) is { } element && type != typeof(string))
                pending.Push(element);
            if (!IsDataType(type))
                continue;
            foreach (var member in InstanceMembers(type))
                pending.Push(member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType);
        }
    }

    public static bool IsEnumerable(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && ElementTypeOf(type) is not null;
}
