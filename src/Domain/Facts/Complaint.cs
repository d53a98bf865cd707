namespace AssessmentEngine.Domain.Facts;

public enum ComplaintStatus
{
    Open = 1,
    Verified = 2,
    Unfounded = 3,
}

/// <summary>A complaint against an officer: open until it is found verified (查实) or unfounded, with the finding.</summary>
public sealed class Complaint : DutyFact
{
    private Complaint()
    {
    }

    public Complaint(long id, long officerId, string externalId, DateTimeOffset receivedAt)
        : base(id, externalId)
    {
        OfficerId = officerId;
        ReceivedAt = receivedAt;
        Status = ComplaintStatus.Open;
    }

    public long OfficerId { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public ComplaintStatus Status { get; private set; }

    public string? Finding { get; private set; }

    public bool Verified => Status == ComplaintStatus.Verified;

    public void Verify(string finding)
    {
        EnsureOpen("verified");
        Finding = Guard.Required(finding, "ComplaintFindingRequired", "The finding of a verified complaint");
        Status = ComplaintStatus.Verified;
    }

    public void MarkUnfounded(string reason)
    {
        EnsureOpen("found unfounded");
        Finding = Guard.Required(reason, "UnfoundedReasonRequired", "The reason a complaint is unfounded");
        Status = ComplaintStatus.Unfounded;
    }

    private void EnsureOpen(string verb)
    {
        if (Status != ComplaintStatus.Open)
            throw new DomainException("ComplaintAlreadyDecided", $"Complaint {ExternalId} is already {Status.ToString().ToLowerInvariant()} and cannot be {verb}.", ExternalId);
    }
}
