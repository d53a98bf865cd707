using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Evaluation;

/// <summary>The evaluated period as rule files see it (rule input <c>period</c>); "now" for a rule is this, never the clock.</summary>
public sealed class PeriodView
{
    /// <summary>Asia/Shanghai local midnight of the first day.</summary>
    public DateTime Start { get; init; }

    /// <summary>Asia/Shanghai local midnight after the last day (exclusive).</summary>
    public DateTime End { get; init; }

    public int Year { get; init; }

    /// <summary>The month, or the first month of a quarter.</summary>
    public int Month { get; init; }

    public int Quarter { get; init; }

    /// <summary>"2026-10" or "2026-Q4".</summary>
    public string Key { get; init; } = string.Empty;

    public int WorkingDays { get; init; }

    public bool IsQuarterEnd => Month % 3 == 0 || Key.Contains('Q', StringComparison.Ordinal);

    public static PeriodView Of(AssessmentPeriod period, WorkingCalendar? calendar = null) => new()
    {
        Start = period.Start,
        End = period.End,
        Year = period.Year,
        Month = period.FirstMonth,
        Quarter = period.Quarter,
        Key = period.Key,
        WorkingDays = (calendar ?? WorkingCalendar.WeekdaysOnly).CountWorkingDays(period),
    };
}
