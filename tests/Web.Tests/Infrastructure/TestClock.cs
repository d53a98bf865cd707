namespace AssessmentEngine.Web.Tests.Infrastructure;

/// <summary>A clock the test moves by hand; starts at the real current time so cookies and tokens look fresh.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly Lock _lock = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock) _now += by;
    }
}
