namespace AssessmentEngine.Rules.Execution;

/// <summary>
/// The text one evaluation may build, in characters, across all its expressions: each call is bounded on its own, but a
/// rule may call a bounded function many times (in a lambda over a long list). Counted per thread, reset per evaluation.
/// </summary>
internal static class WorkBudget
{
    [ThreadStatic]
    private static long t_remaining;

    [ThreadStatic]
    private static long t_limit;

    public static void Reset(long limit)
    {
        t_limit = limit;
        t_remaining = limit;
    }

    /// <summary>Takes <paramref name="characters"/> from the budget; past it the current rule faults with a message that says why.</summary>
    public static bool Spend(long characters)
    {
        t_remaining -= characters;
        return t_remaining >= 0 || t_limit == 0 ? true : throw new InvalidOperationException($"the evaluation built more than {t_limit:N0} characters of text (its work budget)");
    }
}
