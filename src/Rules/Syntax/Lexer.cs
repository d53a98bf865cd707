using System.Globalization;
using System.Text;
using AssessmentEngine.Rules.Diagnostics;

namespace AssessmentEngine.Rules.Syntax;

/// <summary>Splits an expression into tokens. Operator aliases (<c>and</c>, <c>&lt;&gt;</c>, <c>eq</c> …) are resolved by the parser.</summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
                i++;
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, text.Length, 0, ""));
                return tokens;
            }

            var start = i;
            var c = text[i];
            if (char.IsLetter(c) || c == '_' || c == '@')
            {
                i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                tokens.Add(new Token(TokenKind.Identifier, start, i - start, text[start..i]));
                continue;
            }
            if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }
            if (c is '"' or '\'')
            {
                tokens.Add(ReadQuoted(text, ref i));
                continue;
            }

            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            (TokenKind kind, int length) = (c, next) switch
            {
                ('=', '=') => (TokenKind.Equal, 2),
                ('=', '>') => (TokenKind.Arrow, 2),
                ('=', _) => (TokenKind.Equal, 1),
                ('!', '=') => (TokenKind.NotEqual, 2),
                ('!', _) => (TokenKind.Bang, 1),
                ('<', '>') => (TokenKind.NotEqual, 2),
                ('<', '=') => (TokenKind.LessEqual, 2),
                ('<', '<') => (TokenKind.Refused, 2),
                ('<', _) => (TokenKind.Less, 1),
                ('>', '=') => (TokenKind.GreaterEqual, 2),
                ('>', '>') => (TokenKind.Refused, 2),
                ('>', _) => (TokenKind.Greater, 1),
                ('&', '&') => (TokenKind.AndAnd, 2),
                ('|', '|') => (TokenKind.OrOr, 2),
                ('?', '?') => (TokenKind.QuestionQuestion, 2),
                ('?', _) => (TokenKind.Question, 1),
                ('+', '+') or ('-', '-') or ('+', '=') or ('-', '=') or ('*', '=') or ('/', '=') or ('%', '=') => (TokenKind.Refused, 2),
                ('+', _) => (TokenKind.Plus, 1),
                ('-', _) => (TokenKind.Minus, 1),
                ('*', _) => (TokenKind.Star, 1),
                ('/', _) => (TokenKind.Slash, 1),
                ('%', _) => (TokenKind.Percent, 1),
                (':', _) => (TokenKind.Colon, 1),
                (',', _) => (TokenKind.Comma, 1),
                ('.', _) => (TokenKind.Dot, 1),
                ('(', _) => (TokenKind.OpenParen, 1),
                (')', _) => (TokenKind.CloseParen, 1),
                ('[', _) => (TokenKind.OpenBracket, 1),
                (']', _) => (TokenKind.CloseBracket, 1),
                ('{', _) => (TokenKind.OpenBrace, 1),
                ('}', _) => (TokenKind.CloseBrace, 1),
                ('&', _) or ('|', _) or ('^', _) or ('~', _) => (TokenKind.Refused, 1),
                _ => throw UnexpectedCharacter(start, c),
            };
            i += length;
            tokens.Add(new Token(kind, start, length, text.Substring(start, length)));
        }
    }

    /// <summary>Chinese input methods produce full-width punctuation and curly quotes that look right but are not operators.</summary>
    private static SyntaxError UnexpectedCharacter(int start, char c)
    {
        var ascii = c switch
        {
            '“' or '”' or '＂' => '"',
            '‘' or '’' or '＇' => '\'',
            '。' => '.',
            '、' => ',',
            >= '！' and <= '～' => (char)(c - 0xFEE0),
            _ => '\0',
        };
        return ascii == '\0'
            ? new SyntaxError(start, DiagnosticMessages.UnexpectedCharacter, c)
            : new SyntaxError(start, DiagnosticMessages.FullWidthCharacter, c, ascii);
    }

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        if (text[i] == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < text.Length && Uri.IsHexDigit(text[i]))
                i++;
            var digits = text[(start + 2)..i];
            var isLong = i < text.Length && text[i] is 'L' or 'l';
            if (isLong)
                i++;
            if (digits.Length == 0 || !ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) || hex > long.MaxValue)
                throw new SyntaxError(start, DiagnosticMessages.InvalidHexNumber, text[start..i]);
            return new Token(TokenKind.Literal, start, i - start, text[start..i], !isLong && hex <= int.MaxValue ? (object)(int)hex : (long)hex);
        }

        while (i < text.Length && char.IsDigit(text[i]))
            i++;
        var isReal = false;
        if (i + 1 < text.Length && text[i] == '.' && char.IsDigit(text[i + 1]))
        {
            isReal = true;
            i++;
            while (i < text.Length && char.IsDigit(text[i]))
                i++;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-')
                j++;
            if (j < text.Length && char.IsDigit(text[j]))
            {
                isReal = true;
                i = j;
                while (i < text.Length && char.IsDigit(text[i]))
                    i++;
            }
        }
        var number = text[start..i];
        var suffix = i < text.Length && char.IsLetter(text[i]) ? char.ToUpperInvariant(text[i]) : '\0';
        if (suffix != '\0')
            i++;
        if (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
            throw new SyntaxError(start, DiagnosticMessages.InvalidNumber, text[start..(i + 1)]);

        object? value = suffix switch
        {
            'M' => decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : null,
            'F' => float.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : null,
            'D' => double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            'L' when !isReal => long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            '\0' when isReal => double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            '\0' => int.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? (object)n
                : long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            _ => null,
        };
        return value is null
            ? throw new SyntaxError(start, DiagnosticMessages.InvalidNumber, text[start..i])
            : new Token(TokenKind.Literal, start, i - start, text[start..i], value);
    }

    private static Token ReadQuoted(string text, ref int i)
    {
        var start = i;
        var quote = text[i++];
        var builder = new StringBuilder();
        while (true)
        {
            if (i >= text.Length)
                throw new SyntaxError(start, DiagnosticMessages.UnclosedText, quote);
            var c = text[i++];
            if (c == quote)
                break;
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (i >= text.Length)
                throw new SyntaxError(start, DiagnosticMessages.UnclosedText, quote);
            var escape = text[i++];
            switch (escape)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case '0': builder.Append('\0'); break;
                case '\\' or '"' or '\'': builder.Append(escape); break;
                case 'u' when i + 4 <= text.Length && ushort.TryParse(text.AsSpan(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    builder.Append((char)code);
                    i += 4;
                    break;
                default:
                    throw new SyntaxError(i - 2, DiagnosticMessages.UnknownEscape, escape);
            }
        }
        var value = builder.ToString();
        object literal = quote == '\'' && value.Length == 1 ? value[0] : value;
        return new Token(TokenKind.Literal, start, i - start, value, literal);
    }
}
