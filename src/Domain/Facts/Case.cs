namespace AssessmentEngine.Domain.Facts;

/// <summary>An administrative, accident or criminal case with its legal deadline.</summary>
public sealed class Case : DutyFact
{
    private Case()
    {
        Kind = string.Empty;
    }

    public Case(long id, long officerId, string externalId, string kind, DateTimeOffset acceptedAt, DateTimeOffset deadlineAt, DateTimeOffset? closedAt = null)
        : base(id, externalId)
    {
        if (kind is not (CaseKinds.Admin or CaseKinds.Accident or CaseKinds.Criminal))
            throw new DomainException("UnknownCaseKind", $"Unknown case kind '{kind}'; expected admin, accident or criminal.", kind);
        if (deadlineAt <= acceptedAt)
            throw new DomainException("DeadlineBeforeAccepted", $"Case {externalId} has its deadline {deadlineAt:u} before it was accepted {acceptedAt:u}.", externalId, deadlineAt, acceptedAt);
        OfficerId = officerId;
        Kind = kind;
        AcceptedAt = acceptedAt;
        DeadlineAt = deadlineAt;
        if (closedAt is { } closed)
            Close(closed);
    }

    /// <summary>Accepts a case with the deadline its kind's legal limit sets.</summary>
    public static Case Accept(long id, long officerId, string externalId, string kind, DateTimeOffset acceptedAt) =>
        new(id, officerId, externalId, kind, acceptedAt, acceptedAt.AddDays(CaseKinds.LimitDays(kind)));

    public long OfficerId { get; private set; }

    public string Kind { get; private set; }

    public DateTimeOffset AcceptedAt { get; private set; }

    public DateTimeOffset DeadlineAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public bool IsClosed => ClosedAt is not null;

    public bool IsOpenAt(DateTimeOffset instant) => AcceptedAt <= instant && (ClosedAt is null || ClosedAt > instant);

    /// <summary>Past its deadline at the instant without having been closed by the deadline.</summary>
    public bool IsOverdueAt(DateTimeOffset instant) =>
        instant > DeadlineAt && (ClosedAt is null || ClosedAt > DeadlineAt);

    public void Close(DateTimeOffset at)
    {
        if (ClosedAt is { } closed)
            throw new DomainException("CaseAlreadyClosed", $"Case {ExternalId} was already closed at {closed:u}.", ExternalId, closed);
        if (at < AcceptedAt)
            throw new DomainException("CaseClosedBeforeAccepted", $"Case {ExternalId} cannot close at {at:u}, before it was accepted at {AcceptedAt:u}.", ExternalId, at, AcceptedAt);
        ClosedAt = at;
    }
}
