namespace AssessmentEngine.Domain;

/// <summary>
/// The domain refuses a move (an illegal transition or value). <see cref="Code"/> and <see cref="Arguments"/> name the
/// refusal so that a reader's page can say it in their language; <see cref="Exception.Message"/> says it in English.
/// Only the coded constructor exists, so no refusal reaches a reader in English only (ADR 23).
/// </summary>
#pragma warning disable CA1032 // A refusal without a code could not be said in the reader's language; the message-only constructors are left out on purpose.
public class DomainException : Exception
#pragma warning restore CA1032
{
    /// <summary>A coded refusal: <paramref name="code"/> is stable, <paramref name="arguments"/> fill its text in any language.</summary>
    public DomainException(string code, string message, params object?[] arguments)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
        Arguments = arguments;
    }

    public string Code { get; }

    public IReadOnlyList<object?> Arguments { get; }
}
