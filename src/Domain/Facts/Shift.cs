namespace AssessmentEngine.Domain.Facts;

public sealed class Shift : DutyFact
{
    private Shift()
    {
        Post = string.Empty;
    }

    public Shift(long id, long officerId, string externalId, string post, DateTimeOffset start, double hours, bool signedIn, bool offPost)
        : base(id, externalId)
    {
        if (string.IsNullOrEmpty(post))
            throw new DomainException("ShiftPostRequired", "Shift post is required.");
        if (hours is <= 0 or > 24)
            throw new DomainException("ShiftHours", $"Shift {externalId} lasts {hours} h; a shift lasts more than 0 and at most 24 hours.", externalId, hours);
        OfficerId = officerId;
        Post = post;
        Start = start;
        Hours = hours;
        SignedIn = signedIn;
        OffPost = offPost;
    }

    public long OfficerId { get; private set; }

    public string Post { get; private set; }

    public DateTimeOffset Start { get; private set; }

    public double Hours { get; private set; }

    public bool SignedIn { get; private set; }

    /// <summary>Found away from the post (脱岗) during the shift.</summary>
    public bool OffPost { get; private set; }
}
