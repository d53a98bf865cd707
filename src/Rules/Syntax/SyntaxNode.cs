namespace AssessmentEngine.Rules.Syntax;

/// <summary>A node of the expression's syntax tree. <see cref="Start"/> is the 0-based offset in the expression; <see cref="Depth"/> bounds every later recursion.</summary>
internal abstract record SyntaxNode(int Start)
{
    public abstract int Depth { get; }

    protected static int DepthOf(params SyntaxNode?[] children)
    {
        var depth = 0;
        foreach (var child in children)
            if (child is not null && child.Depth > depth)
                depth = child.Depth;
        return depth + 1;
    }

    protected static int DepthOf(IReadOnlyList<SyntaxNode> children) => children.Count == 0 ? 1 : children.Max(c => c.Depth) + 1;
}

internal sealed record LiteralNode(int Start, object? Value) : SyntaxNode(Start)
{
    public override int Depth => 1;
}

internal sealed record IdentifierNode(int Start, string Name) : SyntaxNode(Start)
{
    public override int Depth => 1;
}

internal sealed record MemberAccessNode(int Start, SyntaxNode Target, string Name, int NameStart) : SyntaxNode(Start)
{
    public override int Depth { get; } = DepthOf(Target);
}

internal sealed record CallNode(int Start, SyntaxNode Target, IReadOnlyList<SyntaxNode> Arguments) : SyntaxNode(Start)
{
    public override int Depth { get; } = Math.Max(DepthOf(Target), DepthOf(Arguments));
}

internal sealed record IndexNode(int Start, SyntaxNode Target, IReadOnlyList<SyntaxNode> Arguments) : SyntaxNode(Start)
{
    public override int Depth { get; } = Math.Max(DepthOf(Target), DepthOf(Arguments));
}

internal enum UnaryOperator
{
    Not,
    Negate,
    Plus,
}

internal sealed record UnaryNode(int Start, UnaryOperator Operator, SyntaxNode Operand) : SyntaxNode(Start)
{
    public override int Depth { get; } = DepthOf(Operand);
}

internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    AndAlso,
    OrElse,
    Coalesce,
}

internal sealed record BinaryNode(int Start, BinaryOperator Operator, SyntaxNode Left, SyntaxNode Right, int OperatorStart) : SyntaxNode(Start)
{
    public override int Depth { get; } = DepthOf(Left, Right);
}

internal sealed record ConditionalNode(int Start, SyntaxNode Test, SyntaxNode WhenTrue, SyntaxNode WhenFalse) : SyntaxNode(Start)
{
    public override int Depth { get; } = DepthOf(Test, WhenTrue, WhenFalse);
}

internal sealed record LambdaNode(int Start, string Parameter, SyntaxNode Body) : SyntaxNode(Start)
{
    public override int Depth { get; } = DepthOf(Body);
}

internal sealed record ArrayNode(int Start, IReadOnlyList<SyntaxNode> Elements) : SyntaxNode(Start)
{
    public override int Depth { get; } = DepthOf(Elements);
}

internal sealed record InNode(int Start, SyntaxNode Value, IReadOnlyList<SyntaxNode> Candidates) : SyntaxNode(Start)
{
    public override int Depth { get; } = Math.Max(DepthOf(Value), DepthOf(Candidates));
}

/// <summary><c>new DateTime(…)</c>: construction of one of the few value types the language knows.</summary>
internal sealed record NewNode(int Start, string TypeName, IReadOnlyList<SyntaxNode> Arguments) : SyntaxNode(Start)
{
    public override int Depth { get; } = DepthOf(Arguments);
}
