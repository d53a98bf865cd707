namespace AssessmentEngine.Domain.Facts;

/// <summary>
/// A record ingested from another system. <see cref="ExternalId"/> is that system's key, so that
/// ingesting the same record twice is idempotent; <see cref="Id"/> is assigned by the store or the generator.
/// </summary>
public abstract class DutyFact
{
    protected DutyFact()
    {
        ExternalId = string.Empty;
    }

    protected DutyFact(long id, string externalId)
    {
        Id = id;
        ExternalId = string.IsNullOrEmpty(externalId) ? throw new DomainException("ExternalIdRequired", "External id is required.") : externalId;
    }

    public long Id { get; private set; }

    public string ExternalId { get; private set; }
}
