using System.Linq.Expressions;
using System.Reflection;

namespace AssessmentEngine.Rules.Compilation;

internal enum AggregateKind
{
    Any,
    All,
    Count,
    Sum,
    Min,
    Max,
    Average,
    First,
    FirstOrDefault,
    Last,
    LastOrDefault,
}

/// <summary>
/// An aggregate over a list or array (<c>Count(e =&gt; …)</c>, <c>Any</c>, <c>Sum</c> …) kept as one node so the workflow
/// emitter can fuse aggregates over the same list into a single loop. Reduced on its own, it becomes a tight indexed loop.
/// </summary>
internal sealed class ScanAggregateExpression : Expression
{
    public ScanAggregateExpression(Expression source, AggregateKind kind, ParameterExpression element, Expression? body, Type resultType)
    {
        Source = source;
        Kind = kind;
        Element = element;
        Body = body;
        Accumulator = new Accumulator(kind, element, body, resultType);
    }

    public Expression Source { get; }
    public AggregateKind Kind { get; }
    public ParameterExpression Element { get; }

    /// <summary>The predicate or selector, in terms of <see cref="Element"/>; null when the call had no argument.</summary>
    public Expression? Body { get; }

    public Accumulator Accumulator { get; }

    /// <summary>
    /// For a Count whose records a fired rule's Evidence lists: the number of the run's index buffer that a fused scan
    /// fills with the positions of the counted records when explanations are on, so the evidence needs no second pass.
    /// </summary>
    public int? CollectInto { get; set; }

    public override ExpressionType NodeType => ExpressionType.Extension;
    public override Type Type => Accumulator.ResultType;
    public override bool CanReduce => true;

    /// <summary>Pure aggregates whose result does not depend on stopping early; the only ones fusion may merge.</summary>
    public bool IsFusable => Kind is AggregateKind.Any or AggregateKind.All or AggregateKind.Count or AggregateKind.Sum or AggregateKind.Min or AggregateKind.Max;

    public override Expression Reduce()
    {
        var exit = Label("scanEnd");
        return Block(
            Accumulator.Variables,
            Accumulator.Initialize(),
            ScanLoop.Emit(Source, [Accumulator], exit, stopEarly: true),
            Label(exit),
            Accumulator.Result());
    }

    protected override Expression VisitChildren(ExpressionVisitor visitor)
    {
        var source = visitor.Visit(Source);
        var body = Body is null ? null : visitor.Visit(Body);
        return source == Source && body == Body ? this : new ScanAggregateExpression(source, Kind, Element, body, Type) { CollectInto = CollectInto };
    }
}

/// <summary>The state of one aggregate while a loop runs over its list: its variables, one step per element, and its result.</summary>
internal sealed class Accumulator
{
    private static readonly ConstructorInfo InvalidOperation = typeof(InvalidOperationException).GetConstructor([typeof(string)])!;
    private readonly ParameterExpression _value;
    private readonly ParameterExpression _flag;
    private readonly ParameterExpression? _count;
    private readonly Type _valueType;

    public Accumulator(AggregateKind kind, ParameterExpression element, Expression? body, Type resultType, bool collects = false)
    {
        Kind = kind;
        Element = element;
        Body = body;
        ResultType = resultType;
        _valueType = kind switch
        {
            AggregateKind.Any or AggregateKind.All => typeof(bool),
            AggregateKind.Count => typeof(int),
            AggregateKind.First or AggregateKind.FirstOrDefault or AggregateKind.Last or AggregateKind.LastOrDefault => element.Type,
            _ => Nullable.GetUnderlyingType((body ?? element).Type) ?? (body ?? element).Type,
        };
        _value = Expression.Variable(_valueType, kind.ToString().ToLowerInvariant());
        _flag = Expression.Variable(typeof(bool), "has");
        if (kind == AggregateKind.Average)
            _count = Expression.Variable(typeof(long), "count");
        Variables = _count is null ? [_value, _flag] : [_value, _flag, _count];
        if (collects && kind == AggregateKind.Count && body is not null)
        {
            Indices = Expression.Variable(typeof(int[]), "counted");
            Variables = [.. Variables, Indices];
        }
    }

    /// <summary>Where a collecting Count writes the positions of the records it counted (null when it does not collect).</summary>
    public ParameterExpression? Indices { get; }

    /// <summary>The counted records so far (a Count's value).</summary>
    public ParameterExpression Counted => _value;

    public AggregateKind Kind { get; }
    public ParameterExpression Element { get; }
    public Expression? Body { get; }
    public Type ResultType { get; }
    public ParameterExpression[] Variables { get; }

    public Expression Initialize() => Expression.Block(
        Expression.Assign(_value, Kind == AggregateKind.All ? Expression.Constant(true) : Expression.Default(_valueType)),
        Expression.Assign(_flag, Expression.Constant(false)),
        _count is null ? Expression.Empty() : Expression.Assign(_count, Expression.Constant(0L)),
        Indices is null ? Expression.Empty() : Expression.Assign(Indices, Expression.Constant(null, typeof(int[]))));

    /// <summary>
    /// The work for one element (already assigned to <see cref="Element"/>); jumps to <paramref name="exit"/> when the
    /// answer is known and <paramref name="stopEarly"/>. With <paramref name="position"/>, a collecting Count also writes
    /// the element's position into <see cref="Indices"/> when that is set (sized to the list before the loop).
    /// </summary>
    public Expression Step(LabelTarget exit, bool stopEarly, ParameterExpression? position = null)
    {
        if (position is not null && Indices is not null)
            return Expression.IfThen(Body!, Expression.Block(
                Expression.IfThen(Expression.NotEqual(Indices, Expression.Constant(null, typeof(int[]))), Expression.Assign(Expression.ArrayAccess(Indices, _value), position)),
                Expression.PreIncrementAssign(_value)));
        Expression Done() => stopEarly ? Expression.Break(exit) : Expression.Empty();
        var predicate = Body ?? Expression.Constant(true);
        switch (Kind)
        {
            case AggregateKind.Any:
                return stopEarly
                    ? Expression.IfThen(predicate, Expression.Block(Expression.Assign(_value, Expression.Constant(true)), Done()))
                    : Expression.IfThen(Expression.AndAlso(Expression.Not(_value), predicate), Expression.Assign(_value, Expression.Constant(true)));
            case AggregateKind.All:
                return stopEarly
                    ? Expression.IfThen(Expression.Not(predicate), Expression.Block(Expression.Assign(_value, Expression.Constant(false)), Done()))
                    : Expression.IfThen(Expression.AndAlso(_value, Expression.Not(predicate)), Expression.Assign(_value, Expression.Constant(false)));
            case AggregateKind.Count:
                // Unchecked: a count grows by at most one per element, so it cannot pass the list's own int length.
                return Body is null
                    ? Expression.PostIncrementAssign(_value)
                    : Expression.IfThen(predicate, Expression.PreIncrementAssign(_value));
            case AggregateKind.First or AggregateKind.FirstOrDefault:
                return Expression.IfThen(predicate, Expression.Block(Expression.Assign(_value, Element), Expression.Assign(_flag, Expression.Constant(true)), Done()));
            case AggregateKind.Last or AggregateKind.LastOrDefault:
                return Expression.IfThen(predicate, Expression.Block(Expression.Assign(_value, Element), Expression.Assign(_flag, Expression.Constant(true))));
        }

        var selected = Body ?? Element;
        var item = Expression.Variable(selected.Type, "item");
        var value = Nullable.GetUnderlyingType(selected.Type) is null ? (Expression)item : Expression.Property(item, "Value");
        Expression update = Kind switch
        {
            AggregateKind.Sum => Expression.Assign(_value, _valueType == typeof(int) || _valueType == typeof(long) ? Expression.AddChecked(_value, value) : Expression.Add(_value, value)),
            AggregateKind.Average => Expression.Block(
                Expression.Assign(_value, _valueType == typeof(int) || _valueType == typeof(long) ? Expression.AddChecked(_value, value) : Expression.Add(_value, value)),
                Expression.PostIncrementAssign(_count!),
                Expression.Assign(_flag, Expression.Constant(true))),
            AggregateKind.Min => Expression.IfThen(
                Expression.OrElse(Expression.Not(_flag), LessThan(value, _value)),
                Expression.Block(Expression.Assign(_value, value), Expression.Assign(_flag, Expression.Constant(true)))),
            _ => Expression.IfThen(
                Expression.OrElse(Expression.Not(_flag), LessThan(_value, value)),
                Expression.Block(Expression.Assign(_value, value), Expression.Assign(_flag, Expression.Constant(true)))),
        };
        var skipNull = Nullable.GetUnderlyingType(selected.Type) is not null || !selected.Type.IsValueType;
        return Expression.Block(
            [item],
            Expression.Assign(item, selected),
            skipNull ? Expression.IfThen(Expression.NotEqual(item, Expression.Constant(null, item.Type)), update) : update);
    }

    private static BinaryExpression LessThan(Expression left, Expression right) => left.Type == typeof(string)
        ? Expression.LessThan(Expression.Call(typeof(string).GetMethod(nameof(string.CompareOrdinal), [typeof(string), typeof(string)])!, left, right), Expression.Constant(0))
        : Expression.LessThan(left, right);

    public Expression Result()
    {
        Expression Fail(string message) => Expression.Throw(Expression.New(InvalidOperation, Expression.Constant(message)), ResultType);
        var nullableResult = Nullable.GetUnderlyingType(ResultType) is not null || !ResultType.IsValueType;
        switch (Kind)
        {
            case AggregateKind.Any or AggregateKind.All or AggregateKind.Count:
                return _value;
            case AggregateKind.Sum:
                return Expression.Convert(_value, ResultType);
            case AggregateKind.First or AggregateKind.Last:
                return Expression.Condition(_flag, _value, Fail(Body is null ? "Sequence contains no elements" : "Sequence contains no matching element"));
            case AggregateKind.FirstOrDefault or AggregateKind.LastOrDefault:
                return Expression.Condition(_flag, _value, Expression.Default(ResultType));
            case AggregateKind.Average:
                {
                    var underlying = Nullable.GetUnderlyingType(ResultType) ?? ResultType;
                    var average = Expression.Convert(Expression.Divide(Expression.Convert(_value, underlying), Expression.Convert(_count!, underlying)), ResultType);
                    return Expression.Condition(_flag, average, nullableResult ? Expression.Default(ResultType) : Fail("Sequence contains no elements"));
                }
            default:
                return Expression.Condition(_flag, Expression.Convert(_value, ResultType), nullableResult ? Expression.Default(ResultType) : Fail("Sequence contains no elements"));
        }
    }
}

/// <summary>Emits one indexed loop over a <see cref="List{T}"/> or an array that advances several accumulators together.</summary>
internal static class ScanLoop
{
    /// <param name="collect">Let collecting Counts record positions (into <see cref="Accumulator.Indices"/>, sized already or null).</param>
    public static Expression Emit(Expression source, IReadOnlyList<Accumulator> accumulators, LabelTarget exit, bool stopEarly, bool collect = false)
    {
        var list = Expression.Variable(source.Type, "source");
        var count = Expression.Variable(typeof(int), "n");
        var index = Expression.Variable(typeof(int), "i");
        var element = Expression.Variable(accumulators[0].Element.Type, "element");
        var isArray = source.Type.IsArray;
        var length = isArray ? (Expression)Expression.ArrayLength(list) : Expression.Property(list, "Count");

        // A list is read through its backing array (ListItems): the indexer checks the list's count and then the array's
        // bounds for every element and reloads the array each time, which the JIT cannot hoist out of the loop.
        var items = isArray ? list : Expression.Variable(element.Type.MakeArrayType(), "items");
        Expression item = Expression.ArrayIndex(items, index);

        var body = new List<Expression> { Expression.Assign(element, item) };
        var locals = new List<ParameterExpression> { element };
        foreach (var accumulator in accumulators)
        {
            if (!locals.Contains(accumulator.Element))
                locals.Add(accumulator.Element);
            body.Add(Expression.Assign(accumulator.Element, element));
            body.Add(accumulator.Step(exit, stopEarly, collect ? index : null));
        }
        body.Add(Expression.PostIncrementAssign(index));

        return Expression.Block(
            isArray ? [list, count, index] : [list, (ParameterExpression)items, count, index],
            Expression.Assign(list, source),
            Expression.Assign(count, length),
            isArray ? Expression.Empty() : Expression.Assign(items, ListItems.Of(list, element.Type)),
            Expression.Assign(index, Expression.Constant(0)),
            Expression.Loop(
                Expression.IfThenElse(
                    Expression.LessThan(index, count),
                    Expression.Block(locals, body),
                    Expression.Break(exit))));
    }
}

/// <summary>
/// The backing array of a <see cref="List{T}"/>, which holds its elements at 0..Count-1: what
/// <c>CollectionsMarshal.AsSpan</c> gives C#, in a form expression trees can call (they cannot hold a span).
/// </summary>
internal static class ListItems
{
    /// <summary>The backing array of <paramref name="list"/>, a <c>List&lt;element&gt;</c> or a class derived from one.</summary>
    public static Expression Of(Expression list, Type element)
    {
        var listType = typeof(List<>).MakeGenericType(element);
        return Expression.Call(typeof(ListItems<>).MakeGenericType(element).GetMethod(nameof(ListItems<object>.Of))!, list.Type == listType ? list : Expression.Convert(list, listType));
    }
}

internal static class ListItems<T>
{
    public static T[] Of(List<T> list) => Items(list);

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = "_items")]
    private static extern ref T[] Items(List<T> list);
}
