using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using AssessmentEngine.Rules.Binding.Builtins;
using AssessmentEngine.Rules.Compilation;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Syntax;

namespace AssessmentEngine.Rules.Binding;

/// <summary>
/// Decides what every name, member, operator and call of an expression means, type-checks it, and produces a
/// System.Linq.Expressions tree. It only reaches what <see cref="MemberTable"/> allows.
/// </summary>
internal sealed partial class Binder(BindingEnvironment environment)
{
    private static readonly string[] ForbiddenNames =
    [
        "System", "Microsoft", "typeof", "GetType", "Type", "Assembly", "Activator", "AppDomain", "Environment", "Process", "File", "Directory",
        "Console", "Thread", "Task", "GC", "Marshal", "Delegate", "Invoke", "DynamicInvoke", "Method", "Target", "GetMethod", "InvokeMember",
        "nameof", "default", "sizeof", "checked", "unchecked", "is", "as", "Reflection", "CreateInstance", "Load", "IO",
    ];

    private readonly HashSet<Expression> _literals = new(ReferenceEqualityComparer.Instance);
    private int _depth;

    /// <summary>Parameters the bound expressions read directly.</summary>
    public HashSet<ParameterSlot> UsedParameters { get; } = [];

    private MemberTable Table => environment.Table;

    public Expression Bind(SyntaxNode node, BindingScope scope)
    {
        if (++_depth > environment.MaxDepth + 16)
            throw new SyntaxError(node.Start, DiagnosticMessages.NestedTooDeep, environment.MaxDepth);
        try
        {
            return node switch
            {
                LiteralNode literal => Literal(literal.Value),
                IdentifierNode identifier => BindIdentifier(identifier, scope),
                MemberAccessNode member => BindMemberAccess(member, scope),
                CallNode call => BindCall(call, scope),
                IndexNode index => BindIndex(index, scope),
                UnaryNode unary => BindUnary(unary, scope),
                BinaryNode binary => BindBinary(binary, scope),
                ConditionalNode conditional => BindConditional(conditional, scope),
                ArrayNode array => BindArray(array, scope),
                InNode @in => BindIn(@in, scope),
                NewNode @new => BindNew(@new, scope),
                LambdaNode lambda => throw Error(lambda.Start, DiagnosticMessages.LambdaOutsideList),
                _ => throw Error(node.Start, DiagnosticMessages.UnsupportedExpression),
            };
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>Binds a condition; <paramref name="notBoolean"/> says which one it is when it is not true or false, after <paramref name="named"/> and the type it gives.</summary>
    public Expression BindBoolean(SyntaxNode node, BindingScope scope, DiagnosticMessage notBoolean, params object?[] named)
    {
        var bound = Bind(node, scope);
        return bound.Type == typeof(bool)
            ? bound
            : throw Error(node.Start, notBoolean, [.. named, TypeNames.Of(bound.Type)]);
    }

    private static SyntaxError Error(int start, DiagnosticMessage said, params object?[] arguments) => new(start, said, arguments);

    private ConstantExpression Literal(object? value)
    {
        var constant = value is null ? Expression.Constant(null) : Expression.Constant(value);
        _literals.Add(constant);
        return constant;
    }

    private bool IsLiteral(Expression expression) => _literals.Contains(expression);

    private bool IsNullLiteral(Expression expression) => expression is ConstantExpression { Value: null } && expression.Type == typeof(object) && IsLiteral(expression);

    // ---- names ----

    private Expression BindIdentifier(IdentifierNode node, BindingScope scope)
    {
        if (string.Equals(node.Name, "it", StringComparison.OrdinalIgnoreCase) && scope.Find(node.Name, ignoreCase: false) is null)
            return scope.ImplicitIt?.Value ?? throw Error(node.Start, DiagnosticMessages.ItOutsideList);
        foreach (var ignoreCase in new[] { false, true })
        {
            if (scope.Find(node.Name, ignoreCase) is { } symbol)
                return Use(symbol, node.Start);
            if (scope.ImplicitIt is { } it && FindDataMember(it.Value, node.Name, ignoreCase, node.Start) is { } itMember)
                return itMember;
            if (environment.SingleInput is { } input && FindDataMember(input, node.Name, ignoreCase, node.Start) is { } inputMember)
                return inputMember;
        }
        if (Table.StaticType(node.Name) is not null)
            throw Error(node.Start, DiagnosticMessages.TypeAsValue, node.Name);

        var candidates = scope.Names.ToList();
        if (scope.ImplicitIt is { } implicitIt)
            candidates.AddRange(MemberTable.InstanceMembersOf(implicitIt.Value.Type));
        if (environment.SingleInput is { } single)
            candidates.AddRange(MemberTable.InstanceMembersOf(single.Type));
        var error = UnknownName(node.Start, node.Name, candidates);
        if (scope.ImplicitIt is not null && error.Said == DiagnosticMessages.UnknownName)
            throw Error(error.Start, DiagnosticMessages.UnknownNameInList, node.Name);
        throw error;
    }

    private static SyntaxError UnknownName(int start, string name, IEnumerable<string> candidates)
    {
        if (ForbiddenNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            return Error(start, DiagnosticMessages.ForbiddenName, name);
        var suggestion = NameSuggester.Suggest(name, candidates);
        return suggestion is null ? Error(start, DiagnosticMessages.UnknownName, name) : Error(start, DiagnosticMessages.UnknownNameSuggested, name, suggestion);
    }

    private Expression Use(Symbol symbol, int start)
    {
        if (symbol.Slot is { } slot)
        {
            if (symbol.Broken)
                throw new SyntaxError(start, DiagnosticMessages.BrokenParameter, symbol.Name) { Suppressed = true };
            UsedParameters.Add(slot);
        }
        return symbol.Value;
    }

    private static Expression? FindDataMember(Expression target, string name, bool ignoreCase, int start)
    {
        var member = MemberTable.InstanceMember(target.Type, name, out _);
        if (member is null || (!ignoreCase && member.Name != name))
            return null;
        return MemberOf(target, member, start);
    }

    private static MemberExpression MemberOf(Expression target, MemberInfo member, int start)
    {
        var type = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
        if (!MemberTable.IsValueTypeAllowed(type))
            throw Error(start, DiagnosticMessages.MemberTypeNotAllowed, member.Name, TypeNames.Of(type));
        return Expression.MakeMemberAccess(target, member);
    }

    // ---- member access ----

    private Expression BindMemberAccess(MemberAccessNode node, BindingScope scope)
    {
        if (StaticTypeOf(node.Target, scope) is { } staticType)
            return BindStaticMember(staticType, node);
        var target = Bind(node.Target, scope);
        return BindMember(target, node.Name, node.NameStart);
    }

    private Type? StaticTypeOf(SyntaxNode node, BindingScope scope)
    {
        if (node is not IdentifierNode identifier || Table.StaticType(identifier.Name) is not { } type)
            return null;
        if (scope.Find(identifier.Name, ignoreCase: false) is not null || scope.Find(identifier.Name, ignoreCase: true) is not null)
            return null;
        if (scope.ImplicitIt is { } it && MemberTable.InstanceMember(it.Value.Type, identifier.Name, out _)?.Name == identifier.Name)
            return null;
        if (environment.SingleInput is { } input && MemberTable.InstanceMember(input.Type, identifier.Name, out _)?.Name == identifier.Name)
            return null;
        return type;
    }

    private Expression BindStaticMember(Type type, MemberAccessNode node)
    {
        var name = node.Name;
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            var now = Expression.Property(environment.Context, nameof(EvaluationContext.Now));
            Expression? clock = (type == typeof(DateTime), name.ToUpperInvariant()) switch
            {
                (true, "NOW") => Expression.Property(now, nameof(DateTimeOffset.DateTime)),
                (true, "UTCNOW") => Expression.Property(now, nameof(DateTimeOffset.UtcDateTime)),
                (true, "TODAY") => Expression.Property(Expression.Property(now, nameof(DateTimeOffset.DateTime)), nameof(DateTime.Date)),
                (false, "NOW") => now,
                (false, "UTCNOW") => Expression.Call(now, typeof(DateTimeOffset).GetMethod(nameof(DateTimeOffset.ToUniversalTime))!),
                _ => null,
            };
            if (clock is not null)
                return clock;
        }
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            var found = names.FirstOrDefault(n => n == name) ?? names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            if (found is not null)
                return Literal(Enum.Parse(type, found));
        }
        if (MemberTable.StaticField(type, name) is { } field)
            return Expression.Field(null, field);
        if (MemberTable.StaticProperty(type, name) is { } property)
            return Expression.Property(null, property);
        var suggestion = NameSuggester.Suggest(name, Table.StaticMemberNames(type).Concat(type == typeof(DateTime) || type == typeof(DateTimeOffset) ? ["Now", "UtcNow", "Today"] : []));
        throw suggestion is null
            ? Error(node.NameStart, DiagnosticMessages.UnknownMember, name, TypeNames.Of(type))
            : Error(node.NameStart, DiagnosticMessages.UnknownMemberSuggested, name, TypeNames.Of(type), suggestion);
    }

    private Expression BindMember(Expression target, string name, int start)
    {
        if (target.Type == typeof(object) && IsNullLiteral(target))
            throw Error(start, DiagnosticMessages.NullHasNoMembers);
        var member = MemberTable.InstanceMember(target.Type, name, out var candidates);
        if (member is not null)
            return MemberOf(target, member, start);
        if (ForbiddenNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            throw Error(start, DiagnosticMessages.ForbiddenMember, name);
        var typeName = TypeNames.Of(target.Type);
        if (Nullable.GetUnderlyingType(target.Type) is { } underlying && MemberTable.InstanceMember(underlying, name, out _) is not null)
            throw Error(start, DiagnosticMessages.UnknownMemberMaybeMissing, name, typeName);
        throw NameSuggester.Suggest(name, candidates) is { } suggestion
            ? Error(start, DiagnosticMessages.UnknownMemberSuggested, name, typeName, suggestion)
            : Error(start, DiagnosticMessages.UnknownMember, name, typeName);
    }

    // ---- indexers ----

    private Expression BindIndex(IndexNode node, BindingScope scope)
    {
        var target = Bind(node.Target, scope);
        var arguments = node.Arguments.Select(a => Bind(a, scope)).ToArray();
        if (arguments.Length != 1)
            throw Error(node.Start, DiagnosticMessages.IndexArguments);
        if (target.Type.IsArray)
            return Expression.ArrayIndex(target, ConvertOrThrow(arguments[0], typeof(int), node.Arguments[0].Start));
        if (target.Type == typeof(string))
            return Expression.Call(target, typeof(string).GetMethod("get_Chars")!, ConvertOrThrow(arguments[0], typeof(int), node.Arguments[0].Start));
        var indexer = target.Type.GetProperties().FirstOrDefault(p => p.GetIndexParameters().Length == 1)
            ?? target.Type.GetInterfaces().SelectMany(i => i.GetProperties()).FirstOrDefault(p => p.GetIndexParameters().Length == 1);
        if (indexer is null || (MemberTable.ElementTypeOf(target.Type) is null && MemberTable.DictionaryTypesOf(target.Type) is null))
            throw Error(node.Start, DiagnosticMessages.NotIndexable, TypeNames.Of(target.Type));
        return Expression.Property(target, indexer, ConvertOrThrow(arguments[0], indexer.GetIndexParameters()[0].ParameterType, node.Arguments[0].Start));
    }

    // ---- operators ----

    private Expression BindUnary(UnaryNode node, BindingScope scope)
    {
        var operand = Bind(node.Operand, scope);
        switch (node.Operator)
        {
            case UnaryOperator.Not:
                return operand.Type == typeof(bool)
                    ? Expression.Not(operand)
                    : throw Error(node.Start, DiagnosticMessages.NotNeedsBoolean, TypeNames.Of(operand.Type));
            case UnaryOperator.Plus:
                return IsNumeric(Underlying(operand.Type)) ? operand : throw Error(node.Start, DiagnosticMessages.PlusNeedsNumber, TypeNames.Of(operand.Type));
            default:
                if (Underlying(operand.Type) == typeof(char))
                    operand = Expression.Convert(operand, Lift(typeof(int), operand.Type));
                try
                {
                    return Expression.Negate(operand);
                }
                catch (InvalidOperationException)
                {
                    throw Error(node.Start, DiagnosticMessages.MinusNeedsNumber, TypeNames.Of(operand.Type));
                }
        }
    }

    private Expression BindBinary(BinaryNode node, BindingScope scope)
    {
        if (node.Operator is BinaryOperator.AndAlso or BinaryOperator.OrElse)
        {
            var word = node.Operator == BinaryOperator.AndAlso ? "&&" : "||";
            var left = BindBoolean(node.Left, scope, DiagnosticMessages.LeftSideNotBoolean, word);
            var right = BindBoolean(node.Right, scope, DiagnosticMessages.RightSideNotBoolean, word);
            return node.Operator == BinaryOperator.AndAlso ? Expression.AndAlso(left, right) : Expression.OrElse(left, right);
        }
        var l = Bind(node.Left, scope);
        var r = Bind(node.Right, scope);
        return node.Operator == BinaryOperator.Coalesce ? Coalesce(l, r, node.OperatorStart) : MakeBinary(node.Operator, l, r, node.OperatorStart);
    }

    private BinaryExpression Coalesce(Expression left, Expression right, int start)
    {
        if (left.Type.IsValueType && Nullable.GetUnderlyingType(left.Type) is null)
            throw Error(start, DiagnosticMessages.CoalesceNotNullable, TypeNames.Of(left.Type));
        if (Nullable.GetUnderlyingType(left.Type) is { } underlying && ConversionCost(right, underlying) >= 0)
            return Expression.Coalesce(left, Convert(right, underlying));
        var common = CommonType(left, right) ?? throw Error(start, DiagnosticMessages.CoalesceMismatch, TypeNames.Of(left.Type), TypeNames.Of(right.Type));
        return Expression.Coalesce(Convert(left, common), Convert(right, common));
    }

    private static bool IsComparison(BinaryOperator op) => op is BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessEqual or BinaryOperator.Greater or BinaryOperator.GreaterEqual;

    private Expression MakeBinary(BinaryOperator op, Expression left, Expression right, int start)
    {
        var symbol = op switch
        {
            BinaryOperator.Add => "+",
            BinaryOperator.Subtract => "-",
            BinaryOperator.Multiply => "*",
            BinaryOperator.Divide => "/",
            BinaryOperator.Modulo => "%",
            BinaryOperator.Equal => "==",
            BinaryOperator.NotEqual => "!=",
            BinaryOperator.Less => "<",
            BinaryOperator.LessEqual => "<=",
            BinaryOperator.Greater => ">",
            _ => ">=",
        };
        SyntaxError Mismatch() => Error(start, DiagnosticMessages.OperatorMismatch, symbol, TypeNames.Of(left.Type), TypeNames.Of(right.Type));

        if (op == BinaryOperator.Add && (left.Type == typeof(string) || right.Type == typeof(string)))
        {
            var concat = typeof(TextFunctions).GetMethod(nameof(TextFunctions.Concat), [typeof(string), typeof(string)])!;
            return Expression.Call(concat, AsText(left), AsText(right));
        }

        if (IsComparison(op))
        {
            (left, right) = AlignEnums(left, right, start);
            (left, right) = (DateLiteral(left, right.Type, start), DateLiteral(right, left.Type, start));
            if (left.Type == typeof(string) && right.Type == typeof(string) && op is not (BinaryOperator.Equal or BinaryOperator.NotEqual))
            {
                var compare = Expression.Call(typeof(string).GetMethod(nameof(string.CompareOrdinal), [typeof(string), typeof(string)])!, left, right);
                return Compare(op, compare, Expression.Constant(0));
            }
        }

        if (IsNumeric(Underlying(left.Type)) && IsNumeric(Underlying(right.Type)))
        {
            var type = PromotedNumeric(left, right, start, symbol);
            if (!IsComparison(op) && Underlying(type) == typeof(char))
                type = Lift(typeof(int), type);
            left = Convert(left, type);
            right = Convert(right, type);
        }
        else
        {
            (left, right) = AlignNullable(left, right);
            if (left.Type != right.Type && !(IsComparison(op) && !left.Type.IsValueType && !right.Type.IsValueType) && op is not (BinaryOperator.Add or BinaryOperator.Subtract))
                throw Mismatch();
        }

        try
        {
            return op switch
            {
                BinaryOperator.Add => Expression.Add(left, right),
                BinaryOperator.Subtract => Expression.Subtract(left, right),
                BinaryOperator.Multiply => Expression.Multiply(left, right),
                BinaryOperator.Divide => Expression.Divide(left, right),
                BinaryOperator.Modulo => Expression.Modulo(left, right),
                _ => Compare(op, left, right),
            };
        }
        catch (InvalidOperationException)
        {
            throw Mismatch();
        }
        catch (ArgumentException)
        {
            throw Mismatch();
        }
    }

    private static BinaryExpression Compare(BinaryOperator op, Expression left, Expression right) => op switch
    {
        BinaryOperator.Equal => Expression.Equal(left, right),
        BinaryOperator.NotEqual => Expression.NotEqual(left, right),
        BinaryOperator.Less => Expression.LessThan(left, right),
        BinaryOperator.LessEqual => Expression.LessThanOrEqual(left, right),
        BinaryOperator.Greater => Expression.GreaterThan(left, right),
        _ => Expression.GreaterThanOrEqual(left, right),
    };

    /// <summary>Enums compare with their names (as text) and with numbers; both sides end up as the enum's underlying number.</summary>
    private (Expression, Expression) AlignEnums(Expression left, Expression right, int start)
    {
        var leftEnum = Underlying(left.Type).IsEnum;
        var rightEnum = Underlying(right.Type).IsEnum;
        if (!leftEnum && !rightEnum)
            return (left, right);
        if (leftEnum && rightEnum)
            return (ToUnderlying(left), ToUnderlying(right));
        var (enumSide, other) = leftEnum ? (left, right) : (right, left);
        var enumType = Underlying(enumSide.Type);
        if (other.Type == typeof(string))
        {
            if (other is ConstantExpression { Value: string name } && IsLiteral(other))
            {
                var names = Enum.GetNames(enumType);
                var found = names.FirstOrDefault(n => n == name) ?? names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                if (found is null)
                {
                    var suggestion = NameSuggester.Suggest(name, names);
                    throw suggestion is null
                        ? Error(start, DiagnosticMessages.NotEnumValue, name, enumType.Name, string.Join(", ", names))
                        : Error(start, DiagnosticMessages.NotEnumValueSuggested, name, enumType.Name, string.Join(", ", names), suggestion);
                }
                var constant = Literal(System.Convert.ChangeType(Enum.Parse(enumType, found), Enum.GetUnderlyingType(enumType), CultureInfo.InvariantCulture));
                return leftEnum ? (ToUnderlying(left), constant) : (constant, ToUnderlying(right));
            }
            var text = AsText(enumSide);
            return leftEnum ? (text, right) : (left, text);
        }
        return leftEnum ? (ToUnderlying(left), right) : (left, ToUnderlying(right));
    }

    /// <summary>A text literal compared with a date is read as an ISO-8601 date when the rule file is loaded.</summary>
    private Expression DateLiteral(Expression value, Type otherType, int start)
    {
        var dateType = Underlying(otherType);
        if (value is not ConstantExpression { Value: string text } || !IsLiteral(value) || (dateType != typeof(DateTime) && dateType != typeof(DateTimeOffset)))
            return value;
        if (dateType == typeof(DateTime) && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date))
            return Literal(date);
        if (dateType == typeof(DateTimeOffset) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var offset))
            return Literal(offset);
        throw Error(start, DiagnosticMessages.NotADate, text);
    }

    private static UnaryExpression ToUnderlying(Expression expression)
    {
        var enumType = Underlying(expression.Type);
        return Expression.Convert(expression, Lift(Enum.GetUnderlyingType(enumType), expression.Type));
    }

    private (Expression, Expression) AlignNullable(Expression left, Expression right)
    {
        if (IsNullLiteral(left) && !IsNullLiteral(right))
            return (Expression.Constant(null, NullableOf(right.Type)), Convert(right, NullableOf(right.Type)));
        if (IsNullLiteral(right) && !IsNullLiteral(left))
            return (Convert(left, NullableOf(left.Type)), Expression.Constant(null, NullableOf(left.Type)));
        if (Nullable.GetUnderlyingType(left.Type) == right.Type)
            return (left, Expression.Convert(right, left.Type));
        if (Nullable.GetUnderlyingType(right.Type) == left.Type)
            return (Expression.Convert(left, right.Type), right);
        // Lifted operators of different types (DateTime? - TimeSpan) need both sides nullable.
        if (Nullable.GetUnderlyingType(left.Type) is not null && right.Type.IsValueType && Nullable.GetUnderlyingType(right.Type) is null)
            return (left, Expression.Convert(right, NullableOf(right.Type)));
        if (Nullable.GetUnderlyingType(right.Type) is not null && left.Type.IsValueType && Nullable.GetUnderlyingType(left.Type) is null)
            return (Expression.Convert(left, NullableOf(left.Type)), right);
        return (left, right);
    }

    private static Type NullableOf(Type type) => type.IsValueType && Nullable.GetUnderlyingType(type) is null ? typeof(Nullable<>).MakeGenericType(type) : type;

    private static Expression AsText(Expression value) => value.Type == typeof(string)
        ? value
        : Expression.Call(typeof(TextFunctions).GetMethod(nameof(TextFunctions.Format))!.MakeGenericMethod(value.Type), value);

    private Expression BindConditional(ConditionalNode node, BindingScope scope)
    {
        var test = BindBoolean(node.Test, scope, DiagnosticMessages.ConditionalNotBoolean);
        return Conditional(test, Bind(node.WhenTrue, scope), Bind(node.WhenFalse, scope), node.Start);
    }

    private ConditionalExpression Conditional(Expression test, Expression whenTrue, Expression whenFalse, int start)
    {
        var type = CommonType(whenTrue, whenFalse)
            ?? throw Error(start, DiagnosticMessages.ConditionalMismatch, TypeNames.Of(whenTrue.Type), TypeNames.Of(whenFalse.Type));
        return Expression.Condition(test, Convert(whenTrue, type), Convert(whenFalse, type));
    }

    private NewArrayExpression BindArray(ArrayNode node, BindingScope scope)
    {
        if (node.Elements.Count == 0)
            throw Error(node.Start, DiagnosticMessages.EmptyArray);
        var elements = node.Elements.Select(e => Bind(e, scope)).ToArray();
        var type = elements[0].Type;
        for (var i = 1; i < elements.Length; i++)
        {
            var probe = Expression.Default(type);
            type = CommonType(probe, elements[i]) ?? CommonType(elements[i], probe)
                ?? throw Error(node.Elements[i].Start, DiagnosticMessages.ArrayMixedTypes, TypeNames.Of(type), TypeNames.Of(elements[i].Type));
        }
        if (type == typeof(object))
            throw Error(node.Start, DiagnosticMessages.ArrayOfNulls);
        return Expression.NewArrayInit(type, elements.Select(e => Convert(e, type)));
    }

    private BlockExpression BindIn(InNode node, BindingScope scope)
    {
        var value = Bind(node.Value, scope);
        var temp = Expression.Variable(value.Type, "value");
        Expression? test = null;
        foreach (var candidate in node.Candidates)
        {
            var equal = MakeBinary(BinaryOperator.Equal, temp, Bind(candidate, scope), candidate.Start);
            test = test is null ? equal : Expression.OrElse(test, equal);
        }
        return Expression.Block(typeof(bool), [temp], Expression.Assign(temp, value), test!);
    }

    private Expression BindNew(NewNode node, BindingScope scope)
    {
        var type = node.TypeName switch
        {
            "DateTime" or "System.DateTime" => typeof(DateTime),
            "TimeSpan" or "System.TimeSpan" => typeof(TimeSpan),
            "DateTimeOffset" or "System.DateTimeOffset" => typeof(DateTimeOffset),
            _ => throw Error(node.Start, DiagnosticMessages.ConstructionNotAllowed, node.TypeName),
        };
        return Construct(type, node.Arguments, node.Start, scope);
    }

    private NewExpression Construct(Type type, IReadOnlyList<SyntaxNode> argumentNodes, int start, BindingScope scope)
    {
        var arguments = argumentNodes.Select(a => Bind(a, scope)).ToArray();
        var constructors = type.GetConstructors().Where(c => c.GetParameters().All(p => MemberTable.IsScalar(p.ParameterType) && !p.ParameterType.IsEnum)).ToArray();
        var index = ChooseOverload(constructors.Select(c => c.GetParameters()).ToArray(), arguments);
        if (index < 0)
            throw Error(start, DiagnosticMessages.NoConstructor, TypeNames.Of(type), string.Join(", ", arguments.Select(a => TypeNames.Of(a.Type))));
        var parameters = constructors[index].GetParameters();
        return Expression.New(constructors[index], arguments.Select((a, i) => Convert(a, parameters[i].ParameterType)));
    }

    // ---- conversions ----

    private static Type Underlying(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static Type Lift(Type type, Type like) => Nullable.GetUnderlyingType(like) is null ? type : typeof(Nullable<>).MakeGenericType(type);

    private static bool IsNumeric(Type type) => NumericRank(type) >= 0;

    private static int NumericRank(Type type) =>
        type == typeof(char) ? 0 : type == typeof(int) ? 1 : type == typeof(long) ? 2 : type == typeof(float) ? 3 : type == typeof(double) ? 4 : type == typeof(decimal) ? 5 : -1;

    private Type PromotedNumeric(Expression left, Expression right, int start, string symbol)
    {
        var l = Underlying(left.Type);
        var r = Underlying(right.Type);
        Type result;
        if (l == r)
        {
            result = l;
        }
        else if (l == typeof(decimal) || r == typeof(decimal))
        {
            var (decimalSide, otherSide, other) = l == typeof(decimal) ? (left, right, r) : (right, left, l);
            if (NumericRank(other) <= 2 || IsLiteral(otherSide))
                result = typeof(decimal);
            else if (IsLiteral(decimalSide))
                result = other;
            else
                throw Error(start, DiagnosticMessages.DecimalMix, symbol, TypeNames.Of(other));
        }
        else
        {
            result = NumericRank(l) > NumericRank(r) ? l : r;
            if (result == typeof(char))
                result = typeof(int);
        }
        return Nullable.GetUnderlyingType(left.Type) is not null || Nullable.GetUnderlyingType(right.Type) is not null
            ? typeof(Nullable<>).MakeGenericType(result)
            : result;
    }

    /// <summary>Cost of an implicit conversion (lower is better) or -1 when there is none. Literals convert more freely, as in System.Linq.Dynamic.Core.</summary>
    private int ConversionCost(Expression expression, Type to)
    {
        var from = expression.Type;
        if (from == to)
            return 0;
        if (IsNullLiteral(expression))
            return !to.IsValueType || Nullable.GetUnderlyingType(to) is not null ? 1 : -1;
        if (Nullable.GetUnderlyingType(to) is { } toUnderlying)
        {
            var fromUnderlying = Underlying(from);
            var inner = fromUnderlying == toUnderlying ? 0 : NumericCost(fromUnderlying, toUnderlying, IsLiteral(expression));
            return inner < 0 ? -1 : inner + 1;
        }
        if (Nullable.GetUnderlyingType(from) is not null)
            return -1;
        if (IsNumeric(from) && IsNumeric(to))
            return NumericCost(from, to, IsLiteral(expression));
        if (!from.IsValueType && to.IsAssignableFrom(from))
            return 1;
        if (to == typeof(object))
            return 10;
        return -1;
    }

    private static int NumericCost(Type from, Type to, bool literal)
    {
        int f = NumericRank(from), t = NumericRank(to);
        if (f < 0 || t < 0)
            return -1;
        if (to == typeof(char))
            return -1;
        if (to == typeof(decimal))
            return f <= 2 ? 3 : literal ? 4 : -1;
        if (from == typeof(decimal))
            return -1;
        if (t > f)
            return t - f;
        return literal && from == typeof(int) ? 1 : literal && from == typeof(double) && to == typeof(float) ? 1 : -1;
    }

    private Expression Convert(Expression expression, Type to)
    {
        if (expression.Type == to)
            return expression;
        if (IsNullLiteral(expression))
            return Expression.Constant(null, to);
        if (expression is ConstantExpression { Value: { } value } && IsLiteral(expression) && IsNumeric(Underlying(to)) && IsNumeric(value.GetType()))
        {
            var converted = Expression.Constant(System.Convert.ChangeType(value, Underlying(to), CultureInfo.InvariantCulture), Underlying(to));
            _literals.Add(converted);
            return converted.Type == to ? converted : Expression.Convert(converted, to);
        }
        return Expression.Convert(expression, to);
    }

    private Expression ConvertOrThrow(Expression expression, Type to, int start) => ConversionCost(expression, to) >= 0
        ? Convert(expression, to)
        : throw Error(start, DiagnosticMessages.ConversionMismatch, TypeNames.Of(to), TypeNames.Of(expression.Type));

    private Type? CommonType(Expression a, Expression b)
    {
        if (a.Type == b.Type)
            return IsNullLiteral(a) ? typeof(object) : a.Type;
        if (IsNullLiteral(a))
            return NullableOf(b.Type);
        if (IsNullLiteral(b))
            return NullableOf(a.Type);
        if (IsNumeric(Underlying(a.Type)) && IsNumeric(Underlying(b.Type)))
        {
            try
            {
                return PromotedNumeric(a, b, 0, "?:");
            }
            catch (SyntaxError)
            {
                return null;
            }
        }
        if (ConversionCost(b, a.Type) >= 0)
            return a.Type;
        if (ConversionCost(a, b.Type) >= 0)
            return b.Type;
        return null;
    }

    private int ChooseOverload(IReadOnlyList<ParameterInfo[]> overloads, IReadOnlyList<Expression> arguments) =>
        ChooseOverload(overloads, overloads.Select(_ => arguments).ToArray());

    /// <summary>Picks the applicable overload with the cheapest conversions; -1 when none applies.</summary>
    private int ChooseOverload(IReadOnlyList<ParameterInfo[]> overloads, IReadOnlyList<IReadOnlyList<Expression>> argumentsPerOverload)
    {
        var best = -1;
        var bestCost = int.MaxValue;
        for (var i = 0; i < overloads.Count; i++)
        {
            var parameters = overloads[i];
            var arguments = argumentsPerOverload[i];
            if (parameters.Length != arguments.Count)
                continue;
            var cost = 0;
            for (var j = 0; j < parameters.Length && cost >= 0; j++)
            {
                var step = ConversionCost(arguments[j], parameters[j].ParameterType);
                cost = step < 0 ? -1 : cost + step;
            }
            if (cost >= 0 && cost < bestCost)
            {
                best = i;
                bestCost = cost;
            }
        }
        return best;
    }
}
