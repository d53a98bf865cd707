namespace AssessmentEngine.Rules.Syntax;

/// <summary>A problem in an expression at a position; thrown inside the parser and binder, caught per expression and turned into a diagnostic.</summary>
internal sealed class SyntaxError : Exception
{
    public SyntaxError(int start, string code, string message)
        : base(message)
    {
        Start = start;
        Code = code;
    }

    public SyntaxError()
        : this(0, "", "")
    {
    }

    public SyntaxError(string message)
        : this(0, "", message)
    {
    }

    public SyntaxError(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "";
    }

    public int Start { get; }

    public string Code { get; }

    /// <summary>True when the error was already reported elsewhere (a broken parameter) and must not be reported again.</summary>
    public bool Suppressed { get; init; }
}
