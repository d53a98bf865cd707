using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Assessment;

/// <summary>
/// An officer's appeal (申诉) against one result line (officer, rule, period) of a period assessment, filed within the
/// appeal window of one publication. Upholding it yields the one manual adjustment keyed by the appeal, which every
/// later run of the period reads as a fact: it is applied exactly once whatever the number of re-runs.
/// </summary>
public sealed class Appeal
{
    private Appeal()
    {
        RuleName = string.Empty;
        Statement = string.Empty;
    }

    private Appeal(Guid id, Guid assessmentId, int publicationNumber, Guid runId, AssessmentPeriod period, long officerId, string ruleName, string statement, DateTimeOffset filedAt)
    {
        Id = id;
        AssessmentId = assessmentId;
        PublicationNumber = publicationNumber;
        RunId = runId;
        Period = period;
        OfficerId = officerId;
        RuleName = ruleName;
        Statement = statement;
        FiledAt = filedAt;
        Status = AppealStatus.Filed;
    }

    public Guid Id { get; private set; }

    public Guid AssessmentId { get; private set; }

    /// <summary>The publication of the assessment the appeal was filed in (1 = first 公示).</summary>
    public int PublicationNumber { get; private set; }

    /// <summary>The published run whose line was appealed; the appeal outlives it.</summary>
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

    /// <summary>Filed through <see cref="PeriodAssessment.FileAppeal"/>, which checks the window and earlier appeals of the line.</summary>
    internal static Appeal Filed(PeriodAssessment assessment, Guid publishedRunId, long officerId, string ruleName, string statement, DateTimeOffset now) =>
        new(
            Guid.CreateVersion7(now),
            assessment.Id,
            assessment.PublicationNumber,
            publishedRunId,
            assessment.Period,
            officerId,
            Guard.Required(ruleName, "AppealRuleRequired", "The rule appealed against"),
            Guard.Required(statement, "AppealStatementRequired", "The statement of an appeal"),
            now);

    /// <summary>Upholds the appeal and returns the adjustment of <paramref name="points"/> it grants; its key is the appeal's, so it exists once.</summary>
    public ManualAdjustment Uphold(double points, string reason, string author, DateTimeOffset now)
    {
        EnsureFiled("upheld");
        var adjustment = new ManualAdjustment(
            0,
            AdjustmentKey(Id),
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

    /// <summary>The external id of the adjustment an upheld appeal grants.</summary>
    public static string AdjustmentKey(Guid appealId) => "APPEAL-" + appealId.ToString("N");

    public void Reject(string reason, string author, DateTimeOffset now)
    {
        EnsureFiled("rejected");
        DecisionReason = Guard.Required(reason, "AppealRejectionReasonRequired", "A reason to reject an appeal");
        DecidedBy = Guard.Required(author, "DecidedByRequired", "The author of a decision");
        DecidedAt = now;
        Status = AppealStatus.Rejected;
    }

    private void EnsureFiled(string verb)
    {
        if (Status != AppealStatus.Filed)
            throw new DomainException("AppealAlreadyDecided", $"Appeal {Id} is already {Status} and cannot be {verb}.");
    }
}
