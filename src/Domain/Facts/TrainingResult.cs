namespace AssessmentEngine.Domain.Facts;

public sealed class TrainingResult : DutyFact
{
    private TrainingResult()
    {
        Name = string.Empty;
    }

    public TrainingResult(long id, long officerId, string externalId, string name, DateTimeOffset takenAt, double score, bool passed)
        : base(id, externalId)
    {
        Name = Guard.Required(name, "TrainingNameRequired", "Training name");
        if (score < 0)
            throw new DomainException("NegativeTrainingScore", $"Training result {externalId} has a negative score.", externalId);
        OfficerId = officerId;
        TakenAt = takenAt;
        Score = score;
        Passed = passed;
    }

    public long OfficerId { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset TakenAt { get; private set; }

    public double Score { get; private set; }

    public bool Passed { get; private set; }
}
