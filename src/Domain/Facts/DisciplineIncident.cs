namespace AssessmentEngine.Domain.Facts;

public enum IncidentStatus
{
    Reported = 1,
    Verified = 2,
    Dismissed = 3,
}

/// <summary>A discipline finding (督察), reported and then verified or dismissed with a reason.</summary>
public sealed class DisciplineIncident : DutyFact
{
    private DisciplineIncident()
    {
        Code = string.Empty;
    }

    public DisciplineIncident(long id, long officerId, string externalId, string code, DateTimeOffset occurredAt)
        : base(id, externalId)
    {
        if (string.IsNullOrEmpty(code))
            throw new DomainException("IncidentCodeRequired", "Incident code is required.");
        OfficerId = officerId;
        Code = code;
        OccurredAt = occurredAt;
        Status = IncidentStatus.Reported;
    }

    public long OfficerId { get; private set; }

    public string Code { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public IncidentStatus Status { get; private set; }

    public string? DismissalReason { get; private set; }

    public bool Verified => Status == IncidentStatus.Verified;

    public void Verify()
    {
        EnsureReported("verified");
        Status = IncidentStatus.Verified;
    }

    public void Dismiss(string reason)
    {
        EnsureReported("dismissed");
        DismissalReason = Guard.Required(reason, "DismissalReasonRequired", "A reason to dismiss an incident");
        Status = IncidentStatus.Dismissed;
    }

    private void EnsureReported(string verb)
    {
        if (Status != IncidentStatus.Reported)
            throw new DomainException("IncidentAlreadyDecided", $"Incident {ExternalId} is already {Status.ToString().ToLowerInvariant()} and cannot be {verb}.", ExternalId);
    }
}
