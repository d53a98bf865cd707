namespace AssessmentEngine.Domain.Facts;

/// <summary>An enforcement action, its bodycam footage and the penalty decision it led to.</summary>
public sealed class EnforcementAction : DutyFact
{
    private EnforcementAction()
    {
        Code = string.Empty;
    }

    public EnforcementAction(
        long id,
        long officerId,
        string externalId,
        string code,
        DateTimeOffset occurredAt,
        bool hasFootage,
        double? uploadDelayHours,
        bool penaltyIssued,
        string? penaltyDecisionNumber = null)
        : base(id, externalId)
    {
        if (string.IsNullOrEmpty(code))
            throw new DomainException("EnforcementCodeRequired", "Enforcement code is required.");
        if (!hasFootage && uploadDelayHours is not null)
            throw new DomainException("UploadDelayWithoutFootage", $"Enforcement {externalId} has no footage, so it has no upload delay.", externalId);
        if (uploadDelayHours < 0)
            throw new DomainException("NegativeUploadDelay", $"Enforcement {externalId} has a negative upload delay.", externalId);
        if (!penaltyIssued && penaltyDecisionNumber is not null)
            throw new DomainException("DecisionWithoutPenalty", $"Enforcement {externalId} has a decision number but no penalty issued.", externalId);
        OfficerId = officerId;
        Code = code;
        OccurredAt = occurredAt;
        HasFootage = hasFootage;
        UploadDelayHours = uploadDelayHours;
        PenaltyIssued = penaltyIssued;
        PenaltyDecisionNumber = penaltyDecisionNumber;
    }

    public long OfficerId { get; private set; }

    public string Code { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public bool HasFootage { get; private set; }

    /// <summary>Hours from the action to the footage upload; null when there is no footage.</summary>
    public double? UploadDelayHours { get; private set; }

    public bool PenaltyIssued { get; private set; }

    public string? PenaltyDecisionNumber { get; private set; }

    public bool IsPenaltyWithoutFootage => PenaltyIssued && !HasFootage;
}
