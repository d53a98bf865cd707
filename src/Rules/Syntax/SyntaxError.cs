using AssessmentEngine.Rules.Diagnostics;

namespace AssessmentEngine.Rules.Syntax;

/// <summary>A problem in an expression at a position; thrown inside the parser and binder, caught per expression and turned into a diagnostic.</summary>
internal sealed class SyntaxError : Exception
{
    public SyntaxError(int start, DiagnosticMessage said, params object?[] arguments)
        : base(said?.Format(arguments) ?? "")
    {
        ArgumentNullException.ThrowIfNull(said);
        Start = start;
        Said = said;
        Arguments = arguments;
    }

    public SyntaxError()
        : this(0, DiagnosticMessages.UnsupportedExpression)
    {
    }

    public SyntaxError(string message)
        : base(message)
    {
        Said = DiagnosticMessages.UnsupportedExpression;
        Arguments = [];
    }

    public SyntaxError(string message, Exception innerException)
        : base(message, innerException)
    {
        Said = DiagnosticMessages.UnsupportedExpression;
        Arguments = [];
    }

    public int Start { get; }

    /// <summary>The sentence of <see cref="DiagnosticMessages"/> this error says, with <see cref="Arguments"/>.</summary>
    public DiagnosticMessage Said { get; }

    public IReadOnlyList<object?> Arguments { get; }

    public string Code => Said.Code;

    /// <summary>True when the error was already reported elsewhere (a broken parameter) and must not be reported again.</summary>
    public bool Suppressed { get; init; }
}
