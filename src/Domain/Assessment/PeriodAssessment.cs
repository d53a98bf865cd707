using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Assessment;

/// <summary>
/// The assessment of one period for the population a run evaluates (the subtree of <see cref="ScopeUnitId"/>): what
/// people see and act on. Runs are versions of its results; exactly one completed run is current. Publication
/// (草稿 → 公示 → 定稿), the appeal window and the review queue belong here, never to a run.
/// </summary>
public sealed class PeriodAssessment
{
    public const int DefaultAppealWorkingDays = 3;

    private PeriodAssessment()
    {
    }

    private PeriodAssessment(Guid id, AssessmentPeriod period, long scopeUnitId, DateTimeOffset openedAt)
    {
        Id = id;
        Period = period;
        ScopeUnitId = scopeUnitId;
        OpenedAt = openedAt;
        Publication = PublicationState.Draft;
    }

    public Guid Id { get; private set; }

    public AssessmentPeriod Period { get; private set; }

    /// <summary>The unit whose subtree the runs evaluate; only someone whose scope covers it may start a run or publish.</summary>
    public long ScopeUnitId { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>The run whose results are shown and reviewed; null until a first run completes.</summary>
    public Guid? CurrentRunId { get; private set; }

    /// <summary>The run whose results were last posted (公示); differs from the current run after a re-run until republication.</summary>
    public Guid? PublishedRunId { get; private set; }

    public PublicationState Publication { get; private set; }

    /// <summary>1 for the first publication, 2 for the first republication …: appeals are counted per publication.</summary>
    public int PublicationNumber { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public DateTimeOffset? AppealWindowEndsAt { get; private set; }

    public DateTimeOffset? FinalizedAt { get; private set; }

    public DateTimeOffset? ReopenedAt { get; private set; }

    public string? ReopenedBy { get; private set; }

    public string? ReopenReason { get; private set; }

    /// <summary>A re-run produced results that are not posted yet: leaders read the change list and republish.</summary>
    public bool HasUnpublishedChanges => Publication != PublicationState.Draft && CurrentRunId != PublishedRunId;

    public static PeriodAssessment Open(AssessmentPeriod period, long scopeUnitId, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), period, scopeUnitId, now);

    /// <summary>Refuses a new run of a finalised period: an Admin reopens it first, with a reason.</summary>
    public void EnsureOpenForRuns()
    {
        if (Publication == PublicationState.Final)
            throw new DomainConflictException("PeriodFinalReopenToRerun", $"{Period} is final (定稿) since {FinalizedAt:u}; an administrator must reopen it, with a reason, before it is evaluated again.", Period, FinalizedAt);
    }

    /// <summary>
    /// Makes a completed run of this period current unless a run queued later is current already (runs that finish out of
    /// order never go back in time). Returns whether <paramref name="run"/> became current.
    /// </summary>
    public bool Adopt(EvaluationRun run, EvaluationRun? current)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Period != Period)
            throw new DomainException("RunOfOtherPeriod", $"Run {run.Id} evaluates {run.Period}, not {Period}.", run.Period, Period);
        if (run.Status != RunStatus.Completed)
            throw new DomainException("RunNotCompleted", $"Run {run.Id} is {run.Status}; only a completed run can become current.");
        if (current is not null && current.Id != CurrentRunId)
            throw new DomainException("RunNotCurrent", $"Run {current.Id} is not the current run of {Period}.", Period);
        EnsureOpenForRuns();
        if (current is not null && current.QueuedAt > run.QueuedAt)
            return false;
        CurrentRunId = run.Id;
        return true;
    }

    /// <summary>Refuses anything done in the name of a run that is not the current one.</summary>
    public void EnsureCurrent(Guid runId)
    {
        if (CurrentRunId != runId)
            throw CurrentRunId is null
                ? new DomainConflictException("PeriodHasNoRun", $"{Period} has no completed run yet; run {runId} cannot be acted on.", Period)
                : new DomainConflictException("RunSuperseded", $"Run {runId} is superseded by run {CurrentRunId} of {Period}; it stays readable as history and accepts no decision.", Period);
    }

    /// <summary>
    /// What keeps <paramref name="run"/> from being posted, in words; the one place publication asks the run about itself
    /// (its status today, other run-level checks as they come).
    /// </summary>
    public IReadOnlyList<string> PublicationBlockers(EvaluationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var blockers = new List<string>();
        if (run.Id != CurrentRunId)
            blockers.Add($"run {run.Id} is not the current run of {Period}");
        blockers.AddRange(run.PublicationBlockers());
        return blockers;
    }

    /// <summary>
    /// Posts the current run's results (公示) and opens an appeal window of <paramref name="appealWorkingDays"/> working days.
    /// Republishing after a re-run is the same move. Proposals still pending need <paramref name="confirmPending"/>.
    /// </summary>
    public void Publish(EvaluationRun current, int pendingProposals, bool confirmPending, DateTimeOffset now, WorkingCalendar calendar, int appealWorkingDays = DefaultAppealWorkingDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (Publication == PublicationState.Final)
            throw new DomainConflictException("RunAlreadyFinal", $"{Period} is final (定稿); reopen it before publishing again.");
        if (Publication == PublicationState.Published && !HasUnpublishedChanges)
            throw new DomainConflictException("RunAlreadyPublished", $"{Period} is already published (公示, publication {PublicationNumber}) and no re-run changed it since.");
        var blockers = PublicationBlockers(current);
        if (blockers.Count > 0)
            throw new DomainConflictException("PublicationBlocked", $"{Period} cannot be published: {string.Join("; ", blockers)}.", Period, string.Join("; ", blockers));
        if (pendingProposals > 0 && !confirmPending)
            throw new PendingProposalsException(Period, pendingProposals);
        if (appealWorkingDays < 1)
            throw new DomainException("AppealWindowTooShort", "The appeal window must last at least one working day.");
        PublishedRunId = current.Id;
        PublicationNumber++;
        PublishedAt = now;
        AppealWindowEndsAt = calendar.WindowEnd(now, appealWorkingDays);
        Publication = PublicationState.Published;
    }

    public bool IsAppealWindowOpen(DateTimeOffset now) =>
        Publication == PublicationState.Published && now >= PublishedAt && now < AppealWindowEndsAt;

    /// <summary>
    /// An officer appeals the points of one rule (a result line: officer, rule, period) of the published results. A line
    /// with an undecided appeal, or one decided in this publication, cannot be appealed again; after a republication only
    /// those whose results changed may appeal.
    /// </summary>
    public Appeal FileAppeal(long officerId, string ruleName, string statement, IEnumerable<Appeal> appealsOfOfficer, bool resultChangedInThisPublication, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(appealsOfOfficer);
        if (Publication != PublicationState.Published || PublishedRunId is null)
            throw new DomainException("AppealOnlyWhenPublished", $"{Period} is {Publication}; appeals are filed only against published results (公示).");
        if (!IsAppealWindowOpen(now))
            throw new DomainException("AppealWindowClosed", $"The appeal window of {Period} was {PublishedAt:u} to {AppealWindowEndsAt:u}; {now:u} is outside it.", PublishedAt, AppealWindowEndsAt);
        if (PublicationNumber > 1 && !resultChangedInThisPublication)
            throw new DomainException("AppealOnlyForChanged", $"Publication {PublicationNumber} of {Period} opened appeals only for those whose results changed; officer {officerId}'s did not.", PublicationNumber);
        foreach (var earlier in appealsOfOfficer.Where(a => a.AssessmentId == Id && a.OfficerId == officerId && string.Equals(a.RuleName, ruleName?.Trim(), StringComparison.Ordinal)))
        {
            if (earlier.Status == AppealStatus.Filed)
                throw new DomainConflictException("AppealPending", $"Officer {officerId} already appealed rule '{ruleName}' of {Period} (appeal {earlier.Id}); it awaits a decision.", ruleName);
            if (earlier.PublicationNumber == PublicationNumber)
                throw new DomainConflictException("AppealAlreadyDecided", $"Rule '{ruleName}' of {Period} was already appealed by officer {officerId} in this publication and the appeal was {earlier.Status}; it cannot be appealed again until the results change.");
        }

        return Appeal.Filed(this, PublishedRunId.Value, officerId, ruleName!, statement, now);
    }

    /// <summary>Makes the published results final once the appeal window has closed, every appeal is decided and no re-run waits for republication.</summary>
    public void MakeFinal(DateTimeOffset now, int undecidedAppeals)
    {
        if (Publication != PublicationState.Published)
            throw new DomainConflictException("RunNotPublished", $"{Period} is {Publication}; only published results can become final.");
        if (HasUnpublishedChanges)
            throw new DomainConflictException("RepublishBeforeFinal", $"Run {CurrentRunId} changed {Period} after publication {PublicationNumber}; republish it before it becomes final.", Period, PublicationNumber);
        if (now < AppealWindowEndsAt)
            throw new DomainException("AppealWindowOpen", $"{Period} is open for appeals until {AppealWindowEndsAt:u}; it cannot become final at {now:u}.", AppealWindowEndsAt);
        if (undecidedAppeals > 0)
            throw new DomainException("UndecidedAppeals", $"{Period} has {undecidedAppeals} undecided appeal(s); decide them before the results become final.", undecidedAppeals);
        FinalizedAt = now;
        Publication = PublicationState.Final;
    }

    /// <summary>An administrator reopens a final period (e.g. a fact was corrected) so that it can be re-run and republished.</summary>
    public void Reopen(string reason, string by, DateTimeOffset now)
    {
        if (Publication != PublicationState.Final)
            throw new DomainConflictException("NothingToReopen", $"{Period} is {Publication}, not final; there is nothing to reopen.", Period);
        ReopenReason = Guard.Required(reason, "ReopenReasonRequired", "A reason to reopen a final period");
        ReopenedBy = Guard.Required(by, "ReopenedByRequired", "Who reopens a period");
        ReopenedAt = now;
        FinalizedAt = null;
        Publication = PublicationState.Published;
    }
}

/// <summary>Publishing with proposals nobody decided yet needs an explicit confirmation.</summary>
public sealed class PendingProposalsException : DomainConflictException
{
    public PendingProposalsException(AssessmentPeriod period, int pending)
        : base("PendingProposals", $"{pending} proposed outcome(s) of {period} are still pending review; confirm to publish anyway (confirmPending=true).", pending, period)
    {
        Pending = pending;
    }

    public int Pending { get; }
}
