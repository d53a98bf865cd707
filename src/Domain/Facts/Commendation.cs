namespace AssessmentEngine.Domain.Facts;

public sealed class Commendation : DutyFact
{
    private Commendation()
    {
        Level = string.Empty;
    }

    public Commendation(long id, long officerId, string externalId, string level, DateTimeOffset awardedAt)
        : base(id, externalId)
    {
        if (!CommendationLevels.IsKnown(level))
            throw new DomainException("UnknownCommendationLevel", $"Unknown commendation level '{level}'; expected letter, notice, award, merit3 or merit2.", level);
        OfficerId = officerId;
        Level = level;
        AwardedAt = awardedAt;
    }

    public long OfficerId { get; private set; }

    public string Level { get; private set; }

    public DateTimeOffset AwardedAt { get; private set; }
}
