namespace AssessmentEngine.Domain;

/// <summary>
/// A move the current state forbids although it would be legal in another (a decision on a superseded run or a
/// withdrawn proposal, a re-run of a finalised period): the caller should look again and act on what is current.
/// </summary>
public class DomainConflictException : DomainException
{
    public DomainConflictException()
    {
    }

    public DomainConflictException(string message)
        : base(message)
    {
    }

    public DomainConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A coded conflict: the page says <paramref name="code"/> in the reader's language, the API sends <paramref name="message"/>.</summary>
    public DomainConflictException(string code, string message, params object?[] arguments)
        : base(code, message, arguments)
    {
    }
}
