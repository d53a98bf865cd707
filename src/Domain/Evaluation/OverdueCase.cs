namespace AssessmentEngine.Domain.Evaluation;

/// <summary>超期: a case whose deadline passed without it being closed in time.</summary>
public static class OverdueCase
{
    /// <summary>
    /// Whether the case counts as overdue in the period [<paramref name="start"/>, <paramref name="end"/>):
    /// still open past its deadline at the end, or closed late during the period. A case closed late in
    /// an earlier period was already counted there.
    /// </summary>
    public static bool In(CaseView c, DateTime start, DateTime end)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.DeadlineAt >= end)
            return false;
        if (c.ClosedAt is not { } closed || closed >= end)
            return true;
        return closed > c.DeadlineAt && closed >= start;
    }
}
