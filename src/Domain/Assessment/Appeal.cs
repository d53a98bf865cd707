using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Assessment;

/// <summary>
/// An officer's appeal (申诉) against the points of one rule in a published run, filed within the
/// appeal window; upholding it yields a manual adjustment that the next run of the period reads.
/// </summary>
public sealed class Appeal
{
    private Appeal()
    {
        RuleName = string.Empty;
        Statement = string.Empty;
    }

    private Appeal(Guid id, Guid runId, AssessmentPeriod period, long officerId, string ruleName, string statement, DateTimeOffset filedAt)
    {
        Id = id;
        RunId = runId;
        Period = period;
        OfficerId = officerId;
        RuleName = ruleName;
        Statement = statement;
        FiledAt = filedAt;
        Status = AppealStatus.Filed;
    }

    public Guid Id { get; private set; }

    public Guid RunId { get; private set; }

    public AssessmentPeriod Period { get; private set; }

    public long OfficerId { get; private set; }

    public string RuleName { get; private set; }

    public string Statement { get; private set; }

    public DateTimeOffset FiledAt { get; private set; }

    public AppealStatus Status { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? DecisionReason { get; private set; }

    public double? AdjustedPoints { get; private set; }

    public static Appeal File(EvaluationRun run, long officerId, string ruleName, string statement, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Publication != PublicationState.Published)
            throw new DomainException("AppealOnlyWhenPublished", $"Run {run.Id} is {run.Publication}; appeals are filed only against published results.");
        if (!run.IsAppealWindowOpen(now))
            throw new DomainException("AppealWindowClosed", $"The appeal window of run {run.Id} is {run.PublishedAt:u} to {run.AppealWindowEndsAt:u}; {now:u} is outside it.", run.PublishedAt, run.AppealWindowEndsAt);
        return new Appeal(
            Guid.CreateVersion7(now),
            run.Id,
            run.Period,
            officerId,
            Guard.Required(ruleName, "The rule appealed against"),
            Guard.Required(statement, "The statement of an appeal"),
            now);
    }

    /// <summary>Upholds the appeal and returns the adjustment of <paramref name="points"/> it grants.</summary>
    public ManualAdjustment Uphold(double points, string reason, string author, DateTimeOffset now)
    {
        EnsureFiled("upheld");
        var adjustment = new ManualAdjustment(
            0,
            "APPEAL-" + Id.ToString("N"),
            OfficerId,
            Period,
            RuleName,
            points,
            reason,
            author,
            now,
            Id);
        DecidedBy = adjustment.Author;
        DecisionReason = adjustment.Reason;
        DecidedAt = now;
        AdjustedPoints = points;
        Status = AppealStatus.Upheld;
        return adjustment;
    }

    public void Reject(string reason, string author, DateTimeOffset now)
    {
        EnsureFiled("rejected");
        DecisionReason = Guard.Required(reason, "A reason to reject an appeal");
        DecidedBy = Guard.Required(author, "The author of a decision");
        DecidedAt = now;
        Status = AppealStatus.Rejected;
    }

    private void EnsureFiled(string verb)
    {
        if (Status != AppealStatus.Filed)
            throw new DomainException("AppealAlreadyDecided", $"Appeal {Id} is already {Status} and cannot be {verb}.");
    }
}
