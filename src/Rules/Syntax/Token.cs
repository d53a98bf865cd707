namespace AssessmentEngine.Rules.Syntax;

internal enum TokenKind
{
    End,
    Identifier,
    Literal,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    AndAnd,
    OrOr,
    Question,
    QuestionQuestion,
    Colon,
    Comma,
    Dot,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    OpenBrace,
    CloseBrace,
    Arrow,

    /// <summary>Operators of C# that the rule language refuses (assignment, increment, bitwise); kept as tokens for a clear error.</summary>
    Refused,
}

/// <summary>A token with its position (0-based offset into the expression).</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, string Text, object? Value = null)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of expression",
        TokenKind.Literal when Value is string => $"text \"{Text}\"",
        _ => $"'{Text}'",
    };
}
