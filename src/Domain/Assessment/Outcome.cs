namespace AssessmentEngine.Domain.Assessment;

/// <summary>
/// A commendation, warning or interview proposed for an officer or a squad in a period assessment; leadership approves
/// or rejects it (with a reason), and an approved interview is scheduled and then held. Its identity is (subject, kind,
/// level, period): a re-run that proposes it again carries it, decision and history included; a re-run that no longer
/// proposes it withdraws it, and a withdrawn outcome accepts no decision.
/// </summary>
public sealed class Outcome
{
    private readonly List<OutcomeEvent> _history = [];

    private Outcome()
    {
        Reason = string.Empty;
        IdentityKey = string.Empty;
    }

    private Outcome(Guid id, Guid assessmentId, Guid runId, OutcomeKind kind, SubjectKind subjectKind, long subjectId, InterviewLevel? level, string reason, DateTimeOffset proposedAt)
    {
        Id = id;
        AssessmentId = assessmentId;
        RunId = runId;
        LatestRunId = runId;
        Kind = kind;
        SubjectKind = subjectKind;
        SubjectId = subjectId;
        Level = level;
        Reason = reason;
        ProposedAt = proposedAt;
        Status = OutcomeStatus.Proposed;
        IdentityKey = new OutcomeIdentity(subjectKind, subjectId, kind, level).Key;
        _history.Add(new OutcomeEvent(proposedAt, "Proposed", null, runId, reason));
    }

    public Guid Id { get; private set; }

    public Guid AssessmentId { get; private set; }

    /// <summary>The run that first proposed it.</summary>
    public Guid RunId { get; private set; }

    /// <summary>The latest run that proposed it (or withdrew it).</summary>
    public Guid LatestRunId { get; private set; }

    public OutcomeKind Kind { get; private set; }

    public SubjectKind SubjectKind { get; private set; }

    public long SubjectId { get; private set; }

    /// <summary>The proposed interview level, part of the identity; set for interviews only.</summary>
    public InterviewLevel? Level { get; private set; }

    /// <summary>The level leadership scheduled the interview at, which may differ from the proposed one.</summary>
    public InterviewLevel? ScheduledLevel { get; private set; }

    /// <summary>(subject, kind, level) as one string; unique within an assessment, so there is never a second copy.</summary>
    public string IdentityKey { get; private set; }

    public OutcomeIdentity Identity => new(SubjectKind, SubjectId, Kind, Level);

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

    /// <summary>The run that no longer proposed it; null while it is live.</summary>
    public Guid? WithdrawnByRunId { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    public bool IsLive => WithdrawnByRunId is null;

    /// <summary>Every proposal, carry-over, decision and withdrawal, oldest first.</summary>
    public IReadOnlyList<OutcomeEvent> History => _history.AsReadOnly();

    public static Outcome Propose(Guid assessmentId, Guid runId, OutcomeKind kind, SubjectKind subjectKind, long subjectId, string reason, DateTimeOffset now, InterviewLevel? level = null)
    {
        if (kind is OutcomeKind.ExcellentOfficer or OutcomeKind.ExcellentAuxiliary && subjectKind != SubjectKind.Officer)
            throw new DomainException("ExcellentIsForPeople", "优秀民警 / 优秀辅警 (excellent officer / auxiliary) is awarded to a person, not to a squad.");
        if (kind == OutcomeKind.AdvancedSquad && subjectKind != SubjectKind.Squad)
            throw new DomainException("AdvancedIsForSquads", "先进中队 (advanced squad) is awarded to a squad, not to an officer.");
        if (kind == OutcomeKind.Interview && level is null)
            throw new DomainException("InterviewNeedsLevel", "An interview needs a level: squad, department or committee.");
        if (kind != OutcomeKind.Interview && level is not null)
            throw new DomainException("OnlyInterviewsHaveLevel", $"Only an interview has a level; a {kind} does not.");
        return new Outcome(Guid.CreateVersion7(now), assessmentId, runId, kind, subjectKind, subjectId, level, Guard.Required(reason, "OutcomeReasonRequired", "The reason of an outcome"), now);
    }

    /// <summary>A later run proposes the same outcome again: the decision stays, the reason is the run's, a withdrawn one comes back.</summary>
    public void Carry(Guid runId, string reason, DateTimeOffset now)
    {
        var restored = !IsLive;
        Reason = Guard.Required(reason, "OutcomeReasonRequired", "The reason of an outcome");
        LatestRunId = runId;
        WithdrawnByRunId = null;
        WithdrawnAt = null;
        _history.Add(new OutcomeEvent(now, restored ? "Restored" : "Carried", null, runId, restored ? Reason : Status.ToString()));
    }

    /// <summary>A later run no longer proposes it: it stays visible, marked with the run that withdrew it, and takes no decision.</summary>
    public void Withdraw(Guid runId, DateTimeOffset now)
    {
        if (!IsLive)
            return;
        WithdrawnByRunId = runId;
        WithdrawnAt = now;
        LatestRunId = runId;
        _history.Add(new OutcomeEvent(now, "Withdrawn", null, runId, Status.ToString()));
    }

    public void Approve(string reviewer, DateTimeOffset now)
    {
        EnsureStatus(OutcomeStatus.Proposed, "approved");
        ReviewedBy = Guard.Required(reviewer, "ReviewerRequired", "Reviewer");
        ReviewedAt = now;
        Status = OutcomeStatus.Approved;
        _history.Add(new OutcomeEvent(now, "Approved", ReviewedBy, null, null));
    }

    public void Reject(string reviewer, string reason, DateTimeOffset now)
    {
        EnsureStatus(OutcomeStatus.Proposed, "rejected");
        ReviewedBy = Guard.Required(reviewer, "ReviewerRequired", "Reviewer");
        RejectionReason = Guard.Required(reason, "OutcomeRejectionReasonRequired", "A reason to reject an outcome");
        ReviewedAt = now;
        Status = OutcomeStatus.Rejected;
        _history.Add(new OutcomeEvent(now, "Rejected", ReviewedBy, null, RejectionReason));
    }

    /// <summary>Fixes who holds an approved interview, when (not in the past), and at which level (leadership may change the proposed one).</summary>
    public void Schedule(string interviewer, DateTimeOffset when, InterviewLevel level, string by, DateTimeOffset now)
    {
        if (Kind != OutcomeKind.Interview)
            throw new DomainException("OnlyInterviewsScheduled", $"Only an interview can be scheduled; this outcome is a {Kind}.");
        EnsureStatus(OutcomeStatus.Approved, "scheduled");
        if (when < now)
            throw new DomainException("InterviewInPast", $"An interview cannot be scheduled for {when:u}, which is in the past (now {now:u}).", when, now);
        Interviewer = Guard.Required(interviewer, "InterviewerRequired", "Interviewer");
        ScheduledFor = when;
        ScheduledLevel = level;
        Status = OutcomeStatus.Scheduled;
        _history.Add(new OutcomeEvent(now, "Scheduled", Guard.Required(by, "ScheduledByRequired", "Who schedules"), null, $"{level.Code()} {when:u} {Interviewer}"));
    }

    /// <summary>Records that a scheduled interview was held: not in the future, not before it was approved.</summary>
    public void Hold(DateTimeOffset at, string notes, string by, DateTimeOffset now)
    {
        EnsureStatus(OutcomeStatus.Scheduled, "held");
        if (at > now)
            throw new DomainException("InterviewHeldInFuture", $"An interview cannot be recorded as held at {at:u}, which is in the future (now {now:u}).", at, now);
        if (at < ReviewedAt)
            throw new DomainException("InterviewBeforeApproval", $"An interview cannot be held at {at:u}, before it was approved at {ReviewedAt:u}.", at, ReviewedAt);
        Notes = Guard.Required(notes, "InterviewNotesRequired", "Notes of an interview");
        HeldAt = at;
        Status = OutcomeStatus.Held;
        _history.Add(new OutcomeEvent(now, "Held", Guard.Required(by, "RecordedByRequired", "Who records an interview"), null, $"{at:u}"));
    }

    private void EnsureStatus(OutcomeStatus expected, string verb)
    {
        if (!IsLive)
            throw new DomainConflictException("OutcomeWithdrawn", $"Outcome {Id} was withdrawn by run {WithdrawnByRunId} at {WithdrawnAt:u} (the current results no longer propose it); it cannot be {verb}.", WithdrawnAt);
        if (Status != expected)
        {
            var message = $"Outcome {Id} is {Status} and cannot be {verb}; it must be {expected}.";
            throw expected switch
            {
                OutcomeStatus.Proposed => new DomainException("OutcomeMustBeProposed", message),
                OutcomeStatus.Approved => new DomainException("OutcomeMustBeApproved", message),
                _ => new DomainException("OutcomeMustBeScheduled", message),
            };
        }
    }
}

/// <summary>What makes two proposals the same outcome within one period assessment.</summary>
public sealed record OutcomeIdentity(SubjectKind SubjectKind, long SubjectId, OutcomeKind Kind, InterviewLevel? Level)
{
    public string Key => $"{SubjectKind.ToString().ToLowerInvariant()}:{SubjectId.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{Kind.Code()}:{Level?.Code() ?? "-"}";
}

/// <summary>One step in an outcome's life: who (a person, or a run) did what, and the detail.</summary>
public sealed record OutcomeEvent(DateTimeOffset At, string Action, string? By, Guid? RunId, string? Detail);
