using System.Linq.Expressions;

namespace AssessmentEngine.Rules.Binding;

/// <summary>
/// Rewrites <c>np(a.b.c)</c>: each link of the member path is evaluated once into a temporary, and a missing link makes
/// the whole path null (value types become nullable) instead of throwing.
/// </summary>
internal static class NullPropagation
{
    public static Expression Rewrite(Expression path)
    {
        var links = new List<Expression>();
        for (var node = path; ;)
        {
            links.Add(node);
            var receiver = ReceiverOf(node);
            if (receiver is null)
                break;
            node = receiver;
        }
        links.Reverse();
        if (links.Count == 1)
            return path;

        var resultType = path.Type.IsValueType && Nullable.GetUnderlyingType(path.Type) is null ? typeof(Nullable<>).MakeGenericType(path.Type) : path.Type;
        var temporaries = links.Select((l, i) => Expression.Variable(l.Type, $"link{i}")).ToArray();
        return Build(0);

        Expression Build(int index)
        {
            var value = index == 0 ? links[0] : WithReceiver(links[index], temporaries[index - 1]);
            var assign = Expression.Assign(temporaries[index], value);
            if (index == links.Count - 1)
                return Expression.Block(resultType, [temporaries[index]], assign, Expression.Convert(temporaries[index], resultType));
            var rest = Build(index + 1);
            var canBeNull = !links[index].Type.IsValueType || Nullable.GetUnderlyingType(links[index].Type) is not null;
            return Expression.Block(
                resultType,
                [temporaries[index]],
                assign,
                canBeNull
                    ? Expression.Condition(Expression.Equal(temporaries[index], Expression.Constant(null, links[index].Type)), Expression.Default(resultType), rest)
                    : rest);
        }
    }

    private static Expression? ReceiverOf(Expression node) => node switch
    {
        MemberExpression { Expression: { } target } => target,
        MethodCallExpression { Object: { } target } => target,
        MethodCallExpression { Method.IsStatic: true, Arguments.Count: > 0 } call when call.Method.DeclaringType == typeof(Builtins.TextFunctions) => call.Arguments[0],
        IndexExpression { Object: { } target } => target,
        BinaryExpression { NodeType: ExpressionType.ArrayIndex } index => index.Left,
        _ => null,
    };

    private static Expression WithReceiver(Expression node, Expression receiver) => node switch
    {
        MemberExpression member => member.Update(receiver),
        MethodCallExpression { Object: not null } call => call.Update(receiver, call.Arguments),
        MethodCallExpression call => call.Update(null, call.Arguments.Skip(1).Prepend(receiver)),
        IndexExpression index => index.Update(receiver, index.Arguments),
        BinaryExpression binary => binary.Update(receiver, binary.Conversion, binary.Right),
        _ => node,
    };
}
