namespace AssessmentEngine.Domain.Assessment;

/// <summary>
/// A commendation, warning or interview the outcome rules propose for an officer or a squad; leadership
/// approves or rejects it (with a reason), and an approved interview is scheduled and then held.
/// </summary>
public sealed class Outcome
{
    private Outcome()
    {
        Reason = string.Empty;
    }

    private Outcome(Guid id, Guid runId, OutcomeKind kind, SubjectKind subjectKind, long subjectId, InterviewLevel? level, string reason, DateTimeOffset proposedAt)
    {
        Id = id;
        RunId = runId;
        Kind = kind;
        SubjectKind = subjectKind;
        SubjectId = subjectId;
        Level = level;
        Reason = reason;
        ProposedAt = proposedAt;
        Status = OutcomeStatus.Proposed;
    }

    public Guid Id { get; private set; }

    public Guid RunId { get; private set; }

    public OutcomeKind Kind { get; private set; }

    public SubjectKind SubjectKind { get; private set; }

    public long SubjectId { get; private set; }

    /// <summary>Set for interviews only.</summary>
    public InterviewLevel? Level { get; private set; }

    public string Reason { get; private set; }

    public OutcomeStatus Status { get; private set; }

    public DateTimeOffset ProposedAt { get; private set; }

    public string? ReviewedBy { get; private set; }

    public DateTimeOffset? ReviewedAt { get; private set; }

    public string? RejectionReason { get; private set; }

    public string? Interviewer { get; private set; }

    public DateTimeOffset? ScheduledFor { get; private set; }

    public DateTimeOffset? HeldAt { get; private set; }

    public string? Notes { get; private set; }

    public static Outcome Propose(Guid runId, OutcomeKind kind, SubjectKind subjectKind, long subjectId, string reason, DateTimeOffset now, InterviewLevel? level = null)
    {
        if (kind == OutcomeKind.ExcellentOfficer && subjectKind != SubjectKind.Officer)
            throw new DomainException("优秀民警 (excellent officer) is awarded to an officer, not to a squad.");
        if (kind == OutcomeKind.AdvancedSquad && subjectKind != SubjectKind.Squad)
            throw new DomainException("先进中队 (advanced squad) is awarded to a squad, not to an officer.");
        if (kind == OutcomeKind.Interview && level is null)
            throw new DomainException("An interview needs a level: squad, department or committee.");
        if (kind != OutcomeKind.Interview && level is not null)
            throw new DomainException($"Only an interview has a level; a {kind} does not.");
        return new Outcome(Guid.CreateVersion7(now), runId, kind, subjectKind, subjectId, level, Guard.Required(reason, "The reason of an outcome"), now);
    }

    public void Approve(string reviewer, DateTimeOffset now)
    {
        EnsureStatus(OutcomeStatus.Proposed, "approved");
        ReviewedBy = Guard.Required(reviewer, "Reviewer");
        ReviewedAt = now;
        Status = OutcomeStatus.Approved;
    }

    public void Reject(string reviewer, string reason, DateTimeOffset now)
    {
        EnsureStatus(OutcomeStatus.Proposed, "rejected");
        ReviewedBy = Guard.Required(reviewer, "Reviewer");
        RejectionReason = Guard.Required(reason, "A reason to reject an outcome");
        ReviewedAt = now;
        Status = OutcomeStatus.Rejected;
    }

    /// <summary>Fixes who holds an approved interview, when, and at which level (leadership may change the proposed one).</summary>
    public void Schedule(string interviewer, DateTimeOffset when, InterviewLevel level)
    {
        if (Kind != OutcomeKind.Interview)
            throw new DomainException("OnlyInterviewsScheduled", $"Only an interview can be scheduled; this outcome is a {Kind}.");
        EnsureStatus(OutcomeStatus.Approved, "scheduled");
        if (when < ReviewedAt)
            throw new DomainException("InterviewBeforeApproval", $"An interview cannot be scheduled for {when:u}, before it was approved at {ReviewedAt:u}.", when, ReviewedAt);
        Interviewer = Guard.Required(interviewer, "Interviewer");
        ScheduledFor = when;
        Level = level;
        Status = OutcomeStatus.Scheduled;
    }

    public void Hold(DateTimeOffset at, string notes)
    {
        EnsureStatus(OutcomeStatus.Scheduled, "held");
        if (at < ReviewedAt)
            throw new DomainException("InterviewBeforeApproval", $"An interview cannot be held at {at:u}, before it was approved at {ReviewedAt:u}.", at, ReviewedAt);
        Notes = Guard.Required(notes, "Notes of an interview");
        HeldAt = at;
        Status = OutcomeStatus.Held;
    }

    private void EnsureStatus(OutcomeStatus expected, string verb)
    {
        if (Status != expected)
            throw new DomainException("OutcomeMustBe" + expected, $"Outcome {Id} is {Status} and cannot be {verb}; it must be {expected}.");
    }
}
