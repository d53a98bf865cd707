namespace AssessmentEngine.Domain;

/// <summary>
/// The domain refuses a move (an illegal transition or value). <see cref="Code"/> and <see cref="Arguments"/> name the
/// refusal so that a reader's page can say it in their language; <see cref="Exception.Message"/> says it in English.
/// </summary>
public class DomainException : Exception
{
    public DomainException()
    {
    }

    public DomainException(string message)
        : base(message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A coded refusal: <paramref name="code"/> is stable, <paramref name="arguments"/> fill its text in any language.</summary>
    public DomainException(string code, string message, params object?[] arguments)
        : base(message)
    {
        Code = code;
        Arguments = arguments;
    }

    public string? Code { get; }

    public IReadOnlyList<object?> Arguments { get; } = [];
}
