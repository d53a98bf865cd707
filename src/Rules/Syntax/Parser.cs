using AssessmentEngine.Rules.Diagnostics;

namespace AssessmentEngine.Rules.Syntax;

/// <summary>
/// Precedence-climbing parser for the RulesEngine (System.Linq.Dynamic.Core) expression language. Every recursive
/// step goes through <see cref="Enter"/>, and every node's depth is checked, so hostile input such as 100 KB of
/// <c>((((</c> or <c>a.a.a…</c> ends in a diagnostic, never a stack overflow.
/// </summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private readonly int _maxDepth;
    private int _position;
    private int _depth;

    private Parser(List<Token> tokens, int maxDepth)
    {
        _tokens = tokens;
        _maxDepth = maxDepth;
    }

    public static SyntaxNode Parse(string text, int maxLength, int maxDepth)
    {
        if (text.Length > maxLength)
            throw new SyntaxError(maxLength, DiagnosticMessages.ExpressionTooLong, text.Length, maxLength);
        if (text.Trim().Length == 0)
            throw new SyntaxError(0, DiagnosticMessages.EmptyExpression);
        var parser = new Parser(Lexer.Tokenize(text), maxDepth);
        var node = parser.ParseExpression();
        if (parser.Current.Kind != TokenKind.End)
            throw parser.Unexpected(DiagnosticMessages.ExpectedOperatorOrEnd, DiagnosticMessages.ExpectedOperatorOrEnd);
        return node;
    }

    private Token Current => _tokens[_position];

    private Token Peek(int offset = 1) => _tokens[Math.Min(_position + offset, _tokens.Count - 1)];

    private Token Advance() => _tokens[_position++];

    /// <summary>The error for the current token: <paramref name="expected"/> names what should have come, <paramref name="atEnd"/> says so when the expression ended.</summary>
    private SyntaxError Unexpected(DiagnosticMessage expected, DiagnosticMessage atEnd, string? token = null)
    {
        var found = Current;
        if (found.Kind == TokenKind.Refused)
            return new SyntaxError(found.Start, RefusedMessage(found.Text), found.Text);
        object?[] named = token is null ? [] : [token];
        return found.Kind == TokenKind.End
            ? new SyntaxError(found.Start, atEnd, named)
            : new SyntaxError(found.Start, expected, [.. named, new ArgumentText(found.Describe(), found.Kind == TokenKind.Literal && found.Value is string ? $"\"{found.Text}\"" : $"'{found.Text}'")]);
    }

    private static DiagnosticMessage RefusedMessage(string op) => op switch
    {
        "++" or "--" => DiagnosticMessages.ChangesValue,
        "+=" or "-=" or "*=" or "/=" or "%=" => DiagnosticMessages.Assignment,
        "&" => DiagnosticMessages.SingleAmpersand,
        "|" => DiagnosticMessages.SingleBar,
        _ => DiagnosticMessages.UnsupportedOperator,
    };

    private void Expect(TokenKind kind, string text)
    {
        if (Current.Kind != kind)
            throw Unexpected(DiagnosticMessages.ExpectedToken, DiagnosticMessages.ExpectedTokenAtEnd, text);
        _position++;
    }

    private DepthScope Enter()
    {
        if (++_depth > _maxDepth)
            throw new SyntaxError(Current.Start, DiagnosticMessages.NestedTooDeep, _maxDepth);
        return new DepthScope(this);
    }

    private T Checked<T>(T node)
        where T : SyntaxNode
    {
        if (node.Depth > _maxDepth)
            throw new SyntaxError(node.Start, DiagnosticMessages.NestedTooDeep, _maxDepth);
        return node;
    }

    private readonly struct DepthScope(Parser parser) : IDisposable
    {
        public void Dispose() => parser._depth--;
    }

    private SyntaxNode ParseExpression()
    {
        using var _ = Enter();
        if (IsLambdaStart())
        {
            var start = Current.Start;
            var parenthesised = Current.Kind == TokenKind.OpenParen;
            if (parenthesised)
                Advance();
            var name = Advance().Text;
            if (parenthesised)
                Expect(TokenKind.CloseParen, ")");
            Expect(TokenKind.Arrow, "=>");
            return Checked(new LambdaNode(start, name, ParseExpression()));
        }
        return ParseConditional();
    }

    private bool IsLambdaStart() =>
        (Current.Kind == TokenKind.Identifier && Peek().Kind == TokenKind.Arrow)
        || (Current.Kind == TokenKind.OpenParen && Peek().Kind == TokenKind.Identifier && Peek(2).Kind == TokenKind.CloseParen && Peek(3).Kind == TokenKind.Arrow);

    private SyntaxNode ParseConditional()
    {
        var test = ParseCoalesce();
        if (Current.Kind != TokenKind.Question)
            return test;
        Advance();
        var whenTrue = ParseExpression();
        Expect(TokenKind.Colon, ":");
        var whenFalse = ParseExpression();
        return Checked(new ConditionalNode(test.Start, test, whenTrue, whenFalse));
    }

    private SyntaxNode ParseCoalesce()
    {
        var left = ParseOr();
        if (Current.Kind != TokenKind.QuestionQuestion)
            return left;
        var op = Advance();
        using var _ = Enter();
        var right = ParseCoalesce();
        return Checked(new BinaryNode(left.Start, BinaryOperator.Coalesce, left, right, op.Start));
    }

    private SyntaxNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == TokenKind.OrOr || Current.IsKeyword("or"))
        {
            var op = Advance();
            left = Checked(new BinaryNode(left.Start, BinaryOperator.OrElse, left, ParseAnd(), op.Start));
        }
        return left;
    }

    private SyntaxNode ParseAnd()
    {
        var left = ParseEquality();
        while (Current.Kind == TokenKind.AndAnd || Current.IsKeyword("and"))
        {
            var op = Advance();
            left = Checked(new BinaryNode(left.Start, BinaryOperator.AndAlso, left, ParseEquality(), op.Start));
        }
        return left;
    }

    private SyntaxNode ParseEquality()
    {
        var left = ParseRelational();
        while (true)
        {
            BinaryOperator? op = Current.Kind switch
            {
                TokenKind.Equal => BinaryOperator.Equal,
                TokenKind.NotEqual => BinaryOperator.NotEqual,
                TokenKind.Identifier when Current.IsKeyword("eq") => BinaryOperator.Equal,
                TokenKind.Identifier when Current.IsKeyword("ne") || Current.IsKeyword("neq") => BinaryOperator.NotEqual,
                _ => null,
            };
            if (op is null)
                return left;
            var token = Advance();
            left = Checked(new BinaryNode(left.Start, op.Value, left, ParseRelational(), token.Start));
        }
    }

    private SyntaxNode ParseRelational()
    {
        var left = ParseAdditive();
        while (true)
        {
            if (Current.IsKeyword("in"))
            {
                Advance();
                Expect(TokenKind.OpenParen, "(");
                var candidates = ParseList(TokenKind.CloseParen, ")");
                if (candidates.Count == 0)
                    throw new SyntaxError(left.Start, DiagnosticMessages.EmptyIn);
                left = Checked(new InNode(left.Start, left, candidates));
                continue;
            }
            BinaryOperator? op = Current.Kind switch
            {
                TokenKind.Less => BinaryOperator.Less,
                TokenKind.LessEqual => BinaryOperator.LessEqual,
                TokenKind.Greater => BinaryOperator.Greater,
                TokenKind.GreaterEqual => BinaryOperator.GreaterEqual,
                TokenKind.Identifier when Current.IsKeyword("lt") => BinaryOperator.Less,
                TokenKind.Identifier when Current.IsKeyword("le") => BinaryOperator.LessEqual,
                TokenKind.Identifier when Current.IsKeyword("gt") => BinaryOperator.Greater,
                TokenKind.Identifier when Current.IsKeyword("ge") => BinaryOperator.GreaterEqual,
                _ => null,
            };
            if (op is null)
                return left;
            var token = Advance();
            left = Checked(new BinaryNode(left.Start, op.Value, left, ParseAdditive(), token.Start));
        }
    }

    private SyntaxNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var token = Advance();
            var op = token.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = Checked(new BinaryNode(left.Start, op, left, ParseMultiplicative(), token.Start));
        }
        return left;
    }

    private SyntaxNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            BinaryOperator? op = Current.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                TokenKind.Percent => BinaryOperator.Modulo,
                TokenKind.Identifier when Current.IsKeyword("mod") => BinaryOperator.Modulo,
                _ => null,
            };
            if (op is null)
                return left;
            var token = Advance();
            left = Checked(new BinaryNode(left.Start, op.Value, left, ParseUnary(), token.Start));
        }
    }

    private SyntaxNode ParseUnary()
    {
        using var _ = Enter();
        var token = Current;
        UnaryOperator? op = token.Kind switch
        {
            TokenKind.Bang => UnaryOperator.Not,
            TokenKind.Minus => UnaryOperator.Negate,
            TokenKind.Plus => UnaryOperator.Plus,
            TokenKind.Identifier when token.IsKeyword("not") && Peek().Kind is not (TokenKind.Dot or TokenKind.End or TokenKind.CloseParen) => UnaryOperator.Not,
            _ => null,
        };
        if (op is null)
            return ParsePostfix(ParsePrimary());
        Advance();
        var operand = ParseUnary();
        if (op == UnaryOperator.Negate && operand is LiteralNode { Value: int or long or double or decimal or float } literal && literal.Start == token.Start + 1)
            return new LiteralNode(token.Start, Negate(literal.Value));
        return Checked(new UnaryNode(token.Start, op.Value, operand));
    }

    private static object? Negate(object? value) => value switch
    {
        int i => -i,
        long l => -l,
        double d => -d,
        decimal m => -m,
        float f => -f,
        _ => value,
    };

    private SyntaxNode ParsePostfix(SyntaxNode node)
    {
        while (true)
        {
            switch (Current.Kind)
            {
                case TokenKind.Dot:
                    Advance();
                    if (Current.Kind != TokenKind.Identifier)
                        throw Unexpected(DiagnosticMessages.ExpectedMemberName, DiagnosticMessages.ExpectedMemberNameAtEnd);
                    var name = Advance();
                    node = Checked(new MemberAccessNode(node.Start, node, name.Text, name.Start));
                    break;
                case TokenKind.OpenParen:
                    if (node is not (IdentifierNode or MemberAccessNode))
                        throw Unexpected(DiagnosticMessages.ExpectedOperator, DiagnosticMessages.ExpectedOperator);
                    Advance();
                    node = Checked(new CallNode(node.Start, node, ParseList(TokenKind.CloseParen, ")")));
                    break;
                case TokenKind.OpenBracket:
                    Advance();
                    node = Checked(new IndexNode(node.Start, node, ParseList(TokenKind.CloseBracket, "]")));
                    break;
                default:
                    return node;
            }
        }
    }

    private List<SyntaxNode> ParseList(TokenKind close, string closeText)
    {
        using var _ = Enter();
        var items = new List<SyntaxNode>();
        if (Current.Kind == close)
        {
            Advance();
            return items;
        }
        while (true)
        {
            items.Add(ParseExpression());
            if (Current.Kind == TokenKind.Comma)
            {
                Advance();
                continue;
            }
            if (Current.Kind == close)
            {
                Advance();
                return items;
            }
            throw Unexpected(DiagnosticMessages.ExpectedCommaOr, DiagnosticMessages.ExpectedCommaOrAtEnd, closeText);
        }
    }

    private SyntaxNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Literal:
                Advance();
                return new LiteralNode(token.Start, token.Value);
            case TokenKind.OpenParen:
                {
                    Advance();
                    var inner = ParseExpression();
                    Expect(TokenKind.CloseParen, ")");
                    return inner;
                }
            case TokenKind.Identifier:
                Advance();
                if (token.IsKeyword("true"))
                    return new LiteralNode(token.Start, true);
                if (token.IsKeyword("false"))
                    return new LiteralNode(token.Start, false);
                if (token.IsKeyword("null"))
                    return new LiteralNode(token.Start, null);
                if (token.IsKeyword("new"))
                    return ParseNew(token);
                return new IdentifierNode(token.Start, token.Text);
            case TokenKind.End:
                throw Unexpected(DiagnosticMessages.ExpectedValue, DiagnosticMessages.ExpectedValueAtEnd);
            default:
                throw Unexpected(DiagnosticMessages.ExpectedValue, DiagnosticMessages.ExpectedValueAtEnd);
        }
    }

    private SyntaxNode ParseNew(Token newToken)
    {
        if (Current.Kind == TokenKind.OpenBracket)
        {
            Advance();
            Expect(TokenKind.CloseBracket, "]");
            Expect(TokenKind.OpenBrace, "{");
            return Checked(new ArrayNode(newToken.Start, ParseList(TokenKind.CloseBrace, "}")));
        }
        if (Current.Kind != TokenKind.Identifier)
            throw Unexpected(DiagnosticMessages.ExpectedArray, DiagnosticMessages.ExpectedArrayAtEnd);
        var start = Current.Start;
        var name = Advance().Text;
        while (Current.Kind == TokenKind.Dot && Peek().Kind == TokenKind.Identifier)
        {
            Advance();
            name += "." + Advance().Text;
        }
        if (Current.Kind != TokenKind.OpenParen)
            throw Unexpected(DiagnosticMessages.ExpectedToken, DiagnosticMessages.ExpectedTokenAtEnd, "(");
        Advance();
        return Checked(new NewNode(start, name, ParseList(TokenKind.CloseParen, ")")));
    }
}
