namespace AssessmentEngine.Rules;

/// <summary>
/// What an evaluation may know about the world. <c>DateTime.Now</c>, <c>UtcNow</c>, <c>Today</c> and
/// <c>DateTimeOffset.Now</c> in expressions read <see cref="Now"/>, never the machine clock, so a re-run gives the same result.
/// </summary>
public sealed record EvaluationContext(DateTimeOffset Now)
{
    /// <summary>Capture parameter values and evidence for fired rules (the explanation of each point).</summary>
    public bool Explain { get; init; } = true;
}
