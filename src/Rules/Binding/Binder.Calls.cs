using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using AssessmentEngine.Rules.Binding.Builtins;
using AssessmentEngine.Rules.Compilation;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Syntax;

namespace AssessmentEngine.Rules.Binding;

internal sealed partial class Binder
{
    private static readonly string[] ListMethods =
    [
        "Any", "All", "Count", "Sum", "Average", "Min", "Max", "Where", "Select", "First", "FirstOrDefault", "Last", "LastOrDefault",
        "OrderBy", "OrderByDescending", "Take", "Skip", "Distinct", "Contains", "ToList", "ToArray",
    ];

    private static readonly Dictionary<string, Type> CastFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["int"] = typeof(int),
        ["long"] = typeof(long),
        ["double"] = typeof(double),
        ["decimal"] = typeof(decimal),
        ["float"] = typeof(float),
        ["Int32"] = typeof(int),
        ["Int64"] = typeof(long),
    };

    private Expression BindCall(CallNode node, BindingScope scope)
    {
        switch (node.Target)
        {
            case IdentifierNode function:
                return BindFunction(function, node, scope);
            case MemberAccessNode member when StaticTypeOf(member.Target, scope) is { } staticType:
                return BindStaticCall(staticType, member, node, scope);
            case MemberAccessNode { Target: IdentifierNode owner } member when scope.Find(owner.Name, ignoreCase: true) is null && Table.Functions($"{owner.Name}.{member.Name}") is { } hostFunctions:
                return Invoke(hostFunctions, null, BindArguments(node.Arguments, scope), member.NameStart, $"{owner.Name}.{member.Name}");
            case MemberAccessNode member:
                var receiver = Bind(member.Target, scope);
                if (MemberTable.IsEnumerable(receiver.Type) && ListMethods.Any(m => string.Equals(m, member.Name, StringComparison.OrdinalIgnoreCase)))
                    return BindListMethod(receiver, member, node.Arguments, scope);
                return BindInstanceCall(receiver, member, node.Arguments, scope);
            default:
                throw Error(node.Start, DiagnosticMessages.NotCallable);
        }
    }

    private Expression[] BindArguments(IReadOnlyList<SyntaxNode> nodes, BindingScope scope) => nodes.Select(n => Bind(n, scope)).ToArray();

    private Expression BindFunction(IdentifierNode function, CallNode node, BindingScope scope)
    {
        var name = function.Name;
        var arguments = node.Arguments;
        if (string.Equals(name, "iif", StringComparison.OrdinalIgnoreCase))
        {
            if (arguments.Count != 3)
                throw Error(node.Start, DiagnosticMessages.IifArguments);
            var test = BindBoolean(arguments[0], scope, DiagnosticMessages.IifConditionNotBoolean);
            return Conditional(test, Bind(arguments[1], scope), Bind(arguments[2], scope), node.Start);
        }
        if (string.Equals(name, "np", StringComparison.OrdinalIgnoreCase))
        {
            if (arguments.Count is < 1 or > 2)
                throw Error(node.Start, DiagnosticMessages.NpArguments);
            var propagated = NullPropagation.Rewrite(Bind(arguments[0], scope));
            return arguments.Count == 1 ? propagated : Coalesce(propagated, Bind(arguments[1], scope), arguments[1].Start);
        }
        if (CastFunctions.TryGetValue(name, out var castType))
        {
            if (arguments.Count != 1)
                throw Error(node.Start, DiagnosticMessages.TakesOneValue, name);
            var value = Bind(arguments[0], scope);
            var source = Underlying(value.Type);
            if (source.IsEnum)
                value = ToUnderlying(value);
            if (!IsNumeric(Underlying(value.Type)))
                throw Error(arguments[0].Start, value.Type == typeof(string) ? DiagnosticMessages.CastNeedsNumberNotText : DiagnosticMessages.CastNeedsNumber, name, TypeNames.Of(value.Type));
            return IsLiteral(value) ? Convert(value, castType) : Expression.Convert(value, castType);
        }
        if (string.Equals(name, "string", StringComparison.OrdinalIgnoreCase) && Table.Functions(name) is null)
        {
            if (arguments.Count != 1)
                throw Error(node.Start, DiagnosticMessages.TakesOneValue, "string");
            return AsText(Bind(arguments[0], scope));
        }
        if (Table.Functions(name) is { } functions)
        {
            return Invoke(functions, null, BindArguments(arguments, scope), node.Start, name);
        }
        if (name is "DateTime" or "TimeSpan" or "DateTimeOffset")
            return Construct(Table.StaticType(name)!, arguments, node.Start, scope);
        if (ForbiddenNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            throw UnknownName(node.Start, name, []);
        var suggestion = NameSuggester.Suggest(name, Table.FunctionNames.Concat(["iif", "np", "int", "long", "double", "decimal", "DateTime"]));
        throw suggestion is null ? Error(node.Start, DiagnosticMessages.UnknownFunction, name) : Error(node.Start, DiagnosticMessages.UnknownFunctionSuggested, name, suggestion);
    }

    private Expression BindStaticCall(Type type, MemberAccessNode member, CallNode node, BindingScope scope)
    {
        if (type == typeof(Convert) && string.Equals(member.Name, "ToString", StringComparison.OrdinalIgnoreCase) && node.Arguments.Count == 1)
            return AsText(Bind(node.Arguments[0], scope));
        var candidates = Table.StaticMethods(type, member.Name);
        if (candidates is null)
        {
            if (ForbiddenNames.Contains(member.Name, StringComparer.OrdinalIgnoreCase))
                throw UnknownName(member.NameStart, member.Name, []);
            var suggestion = NameSuggester.Suggest(member.Name, Table.StaticMemberNames(type));
            throw suggestion is null
                ? Error(member.NameStart, DiagnosticMessages.NotAllowedFunction, member.Name, TypeNames.Of(type))
                : Error(member.NameStart, DiagnosticMessages.NotAllowedFunctionSuggested, member.Name, TypeNames.Of(type), suggestion);
        }
        return Invoke(candidates, null, BindArguments(node.Arguments, scope), member.NameStart, $"{TypeNames.Of(type)}.{member.Name}");
    }

    private Expression BindInstanceCall(Expression receiver, MemberAccessNode member, IReadOnlyList<SyntaxNode> argumentNodes, BindingScope scope)
    {
        var name = member.Name;
        var arguments = BindArguments(argumentNodes, scope);
        if (string.Equals(name, "ToString", StringComparison.OrdinalIgnoreCase) && arguments.Length == 0 && (MemberTable.IsLanguageType(receiver.Type) || Underlying(receiver.Type).IsEnum))
            return AsText(receiver);
        if (Nullable.GetUnderlyingType(receiver.Type) is { } underlying && string.Equals(name, "GetValueOrDefault", StringComparison.OrdinalIgnoreCase))
        {
            return arguments.Length switch
            {
                0 => Expression.Call(receiver, receiver.Type.GetMethod("GetValueOrDefault", Type.EmptyTypes)!),
                1 => Expression.Call(receiver, receiver.Type.GetMethod("GetValueOrDefault", [underlying])!, ConvertOrThrow(arguments[0], underlying, argumentNodes[0].Start)),
                _ => throw Error(member.NameStart, DiagnosticMessages.GetValueOrDefaultArguments),
            };
        }
        if (MemberTable.DictionaryTypesOf(receiver.Type) is { } dictionary && string.Equals(name, "ContainsKey", StringComparison.OrdinalIgnoreCase) && arguments.Length == 1)
        {
            var method = receiver.Type.GetMethod("ContainsKey", [dictionary.Key])
                ?? typeof(IReadOnlyDictionary<,>).MakeGenericType(dictionary.Key, dictionary.Value).GetMethod("ContainsKey")!;
            var target = method.DeclaringType!.IsInterface ? Expression.Convert(receiver, method.DeclaringType) : receiver;
            return Expression.Call(target, method, ConvertOrThrow(arguments[0], dictionary.Key, argumentNodes[0].Start));
        }
        if (Table.InstanceMethods(receiver.Type, name) is { } candidates)
            return Invoke(candidates, receiver, arguments, member.NameStart, $"{TypeNames.Of(receiver.Type)}.{name}");

        if (ForbiddenNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            throw Error(member.NameStart, DiagnosticMessages.ForbiddenMember, name);
        var names = Table.InstanceMethodNames(receiver.Type).Concat(MemberTable.IsEnumerable(receiver.Type) ? ListMethods : []).Append("ToString");
        var suggestion = NameSuggester.Suggest(name, names);
        throw suggestion is null
            ? Error(member.NameStart, DiagnosticMessages.NotAllowedMethod, name, TypeNames.Of(receiver.Type))
            : Error(member.NameStart, DiagnosticMessages.NotAllowedMethodSuggested, name, TypeNames.Of(receiver.Type), suggestion);
    }

    private Expression Invoke(List<MethodCandidate> candidates, Expression? receiver, Expression[] arguments, int start, string displayName)
    {
        var withReceiver = receiver is null ? arguments : arguments.Prepend(receiver).ToArray();
        var index = ChooseOverload(candidates.Select(c => c.Parameters).ToArray(), candidates.Select(c => c.ReceiverIsFirstParameter ? withReceiver : arguments).ToArray());
        if (index < 0)
        {
            var signatures = candidates.Select(c => $"{displayName}({string.Join(", ", c.Parameters.Skip(c.ReceiverIsFirstParameter ? 1 : 0).Select(p => TypeNames.Of(p.ParameterType)))})").Distinct();
            throw Error(start, DiagnosticMessages.NoOverload, displayName, string.Join(", ", arguments.Select(a => TypeNames.Of(a.Type))), ArgumentText.Either(signatures));
        }
        var chosen = candidates[index];
        var callArguments = chosen.ReceiverIsFirstParameter ? withReceiver : arguments;
        var converted = callArguments.Select((a, i) => Convert(a, chosen.Parameters[i].ParameterType)).ToArray();
        if (chosen.Target is not null)
            return Expression.Invoke(Expression.Constant(chosen.Target), converted);
        if (chosen.Method.IsStatic)
            return Expression.Call(chosen.Method, converted);
        return Expression.Call(receiver!, chosen.Method, converted);
    }

    // ---- list methods ----

    private (ParameterExpression Element, Expression Body) BindLambda(SyntaxNode argument, Type elementType, BindingScope scope)
    {
        // Each nested list method multiplies the work per officer (n^k); bound it so a rule cannot stall an evaluation.
        var nesting = scope.Chain().SelectMany(s => s.Symbols).Count(s => s.Kind is SymbolKind.LambdaParameter or SymbolKind.ImplicitIt);
        if (nesting >= environment.MaxLambdaNesting)
            throw Error(argument.Start, DiagnosticMessages.ListMethodsTooDeep, environment.MaxLambdaNesting);
        if (argument is LambdaNode lambda)
        {
            var parameter = Expression.Parameter(elementType, lambda.Parameter);
            return (parameter, Bind(lambda.Body, new BindingScope(scope, [new Symbol(lambda.Parameter, SymbolKind.LambdaParameter, parameter)])));
        }
        var it = Expression.Parameter(elementType, "it");
        return (it, Bind(argument, new BindingScope(scope, [new Symbol("it", SymbolKind.ImplicitIt, it)])));
    }

    private Expression BindListMethod(Expression source, MemberAccessNode member, IReadOnlyList<SyntaxNode> arguments, BindingScope scope)
    {
        var name = ListMethods.FirstOrDefault(m => m == member.Name) ?? ListMethods.First(m => string.Equals(m, member.Name, StringComparison.OrdinalIgnoreCase));
        var elementType = MemberTable.ElementTypeOf(source.Type)!;
        var start = member.NameStart;
        var isIndexable = source.Type.IsArray || source.Type.IsAssignableTo(typeof(List<>).MakeGenericType(elementType));

        void ExpectArguments(params int[] counts)
        {
            if (!counts.Contains(arguments.Count))
                throw Error(start, counts.Max() == 1 ? DiagnosticMessages.ListMethodArgument : DiagnosticMessages.ListMethodArguments, name, ArgumentText.Either(counts.Select(c => c.ToString(CultureInfo.InvariantCulture))), arguments.Count);
        }

        (ParameterExpression Element, Expression Body) Predicate()
        {
            var (element, body) = BindLambda(arguments[0], elementType, scope);
            return body.Type == typeof(bool)
                ? (element, body)
                : throw Error(arguments[0].Start, DiagnosticMessages.ListConditionNotBoolean, name, TypeNames.Of(body.Type));
        }

        Expression Scan(AggregateKind kind, ParameterExpression element, Expression? body, Type resultType)
        {
            var list = isIndexable ? source : Expression.Call(EnumerableMethod("ToArray", 1, elementType), source);
            return new ScanAggregateExpression(list, kind, element, body, resultType);
        }

        switch (name)
        {
            case "Any" or "All" or "Count" or "First" or "FirstOrDefault" or "Last" or "LastOrDefault":
                {
                    ExpectArguments(name == "All" ? [1] : [0, 1]);
                    if (arguments.Count == 0 && name == "Count")
                        return isIndexable ? (source.Type.IsArray ? Expression.ArrayLength(source) : Expression.Property(source, "Count")) : Expression.Call(EnumerableMethod("Count", 1, elementType), source);
                    if (arguments.Count == 0 && name == "Any" && isIndexable)
                        return Expression.GreaterThan(source.Type.IsArray ? Expression.ArrayLength(source) : Expression.Property(source, "Count"), Expression.Constant(0));
                    var (element, body) = arguments.Count == 1 ? Predicate() : (Expression.Parameter(elementType, "e"), null);
                    var kind = Enum.Parse<AggregateKind>(name);
                    var resultType = kind switch
                    {
                        AggregateKind.Any or AggregateKind.All => typeof(bool),
                        AggregateKind.Count => typeof(int),
                        _ => elementType,
                    };
                    return Scan(kind, element, body, resultType);
                }
            case "Sum" or "Average" or "Min" or "Max":
                {
                    ExpectArguments(0, 1);
                    var (element, body) = arguments.Count == 1 ? BindLambda(arguments[0], elementType, scope) : (Expression.Parameter(elementType, "e"), null);
                    var selected = (body ?? element).Type;
                    var underlying = Underlying(selected);
                    var numeric = underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(float) || underlying == typeof(double) || underlying == typeof(decimal);
                    var comparable = numeric || underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset) || underlying == typeof(TimeSpan) || underlying == typeof(string);
                    if ((name is "Sum" or "Average" && !numeric) || !comparable)
                        throw Error(arguments.Count == 1 ? arguments[0].Start : start, name is "Min" or "Max" ? DiagnosticMessages.AggregateNeedsComparable : DiagnosticMessages.AggregateNeedsNumbers, name, TypeNames.Of(selected));
                    var resultType = name == "Average" && (underlying == typeof(int) || underlying == typeof(long)) ? Lift(typeof(double), selected) : selected;
                    return Scan(Enum.Parse<AggregateKind>(name), element, body, resultType);
                }
            case "Where":
                {
                    ExpectArguments(1);
                    var (element, body) = Predicate();
                    var method = EnumerableMethod("Where", 2, [elementType], parameters => parameters[1].ParameterType.GetGenericTypeDefinition() == typeof(Func<,>));
                    return Expression.Call(method, source, Expression.Lambda(typeof(Func<,>).MakeGenericType(elementType, typeof(bool)), body, element));
                }
            case "Select" or "OrderBy" or "OrderByDescending":
                {
                    ExpectArguments(1);
                    var (element, body) = BindLambda(arguments[0], elementType, scope);
                    if (body.Type == typeof(object))
                        throw Error(arguments[0].Start, DiagnosticMessages.SelectorIsNull, name);
                    var method = EnumerableMethod(name, 2, [elementType, body.Type], parameters => parameters[1].ParameterType.GetGenericTypeDefinition() == typeof(Func<,>));
                    return Expression.Call(method, source, Expression.Lambda(typeof(Func<,>).MakeGenericType(elementType, body.Type), body, element));
                }
            case "Take" or "Skip":
                {
                    ExpectArguments(1);
                    var count = ConvertOrThrow(Bind(arguments[0], scope), typeof(int), arguments[0].Start);
                    return Expression.Call(EnumerableMethod(name, 2, [elementType], parameters => parameters[1].ParameterType == typeof(int)), source, count);
                }
            case "Contains":
                {
                    ExpectArguments(1);
                    var value = ConvertOrThrow(Bind(arguments[0], scope), elementType, arguments[0].Start);
                    return Expression.Call(EnumerableMethod("Contains", 2, [elementType], parameters => parameters[1].ParameterType.IsGenericParameter), source, value);
                }
            default:
                ExpectArguments(0);
                return Expression.Call(EnumerableMethod(name, 1, elementType), source);
        }
    }

    private static MethodInfo EnumerableMethod(string name, int parameterCount, Type elementType) =>
        EnumerableMethod(name, parameterCount, [elementType], _ => true);

    private static MethodInfo EnumerableMethod(string name, int parameterCount, Type[] typeArguments, Func<ParameterInfo[], bool> shape) =>
        typeof(Enumerable).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == typeArguments.Length)
            .Where(m => m.GetParameters() is var ps && ps.Length == parameterCount && ps[0].ParameterType.IsGenericType && ps[0].ParameterType.GetGenericTypeDefinition() == typeof(IEnumerable<>) && shape(ps))
            .OrderBy(m => m.MetadataToken)
            .First()
            .MakeGenericMethod(typeArguments);
}
