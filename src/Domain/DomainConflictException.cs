namespace AssessmentEngine.Domain;

/// <summary>
/// A move the current state forbids although it would be legal in another (a decision on a superseded run or a
/// withdrawn proposal, a re-run of a finalised period): the caller should look again and act on what is current.
/// </summary>
#pragma warning disable CA1032 // Coded only, like DomainException.
public class DomainConflictException : DomainException
#pragma warning restore CA1032
{
    /// <summary>A coded conflict: the page says <paramref name="code"/> in the reader's language, the API sends <paramref name="message"/>.</summary>
    public DomainConflictException(string code, string message, params object?[] arguments)
        : base(code, message, arguments)
    {
    }
}
