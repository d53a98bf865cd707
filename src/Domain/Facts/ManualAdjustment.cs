using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Facts;

/// <summary>Points added to or taken from an officer's rule by hand, typically from an upheld appeal.</summary>
public sealed class ManualAdjustment : DutyFact
{
    private ManualAdjustment()
    {
        RuleName = string.Empty;
        Reason = string.Empty;
        Author = string.Empty;
    }

    public ManualAdjustment(
        long id,
        string externalId,
        long officerId,
        AssessmentPeriod period,
        string ruleName,
        double points,
        string reason,
        string author,
        DateTimeOffset madeAt,
        Guid? sourceAppealId = null)
        : base(id, externalId)
    {
        RuleName = Guard.Required(ruleName, "AdjustmentRuleRequired", "Rule name of an adjustment");
        Reason = Guard.Required(reason, "AdjustmentReasonRequired", "Reason of an adjustment");
        Author = Guard.Required(author, "AdjustmentAuthorRequired", "Author of an adjustment");
        if (double.IsNaN(points) || double.IsInfinity(points) || points == 0)
            throw new DomainException("AdjustmentPointsInvalid", $"An adjustment of rule '{ruleName}' must change the score by a finite, non-zero number of points.", ruleName);
        OfficerId = officerId;
        Period = period;
        Points = points;
        MadeAt = madeAt;
        SourceAppealId = sourceAppealId;
    }

    public long OfficerId { get; private set; }

    public AssessmentPeriod Period { get; private set; }

    public string RuleName { get; private set; }

    public double Points { get; private set; }

    public string Reason { get; private set; }

    public string Author { get; private set; }

    public DateTimeOffset MadeAt { get; private set; }

    public Guid? SourceAppealId { get; private set; }
}
