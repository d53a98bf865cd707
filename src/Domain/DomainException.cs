namespace AssessmentEngine.Domain;

/// <summary>An attempt to break a rule of the domain: an illegal state transition or an invalid value.</summary>
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
}
