namespace AssessmentEngine.Domain.Periods;

/// <summary>
/// Which days are working days: Monday–Friday, minus public holidays, plus the weekend days worked in
/// exchange (调休). The holiday lists are published yearly, so they are data, not code.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _makeUpWorkdays;

    public WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkdays)
    {
        _holidays = [.. holidays];
        _makeUpWorkdays = [.. makeUpWorkdays];
        var both = _holidays.Intersect(_makeUpWorkdays).ToList();
        if (both.Count > 0)
            throw new DomainException("HolidayAndMakeUpDay", $"{both[0]:yyyy-MM-dd} cannot be both a holiday and a make-up working day.", both[0].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    public static WorkingCalendar WeekdaysOnly { get; } = new([], []);

    public bool IsWorkingDay(DateOnly day) =>
        _makeUpWorkdays.Contains(day)
        || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    public IReadOnlyList<DateOnly> WorkingDays(AssessmentPeriod period)
    {
        var days = new List<DateOnly>(66);
        for (var d = period.FirstDay; d <= period.LastDay; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
                days.Add(d);
        }

        return days;
    }

    public int CountWorkingDays(AssessmentPeriod period) => WorkingDays(period).Count;

    /// <summary>The <paramref name="count"/>-th working day after <paramref name="day"/> (the day itself not counted).</summary>
    public DateOnly WorkingDaysAfter(DateOnly day, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var d = day;
        for (var found = 0; found < count;)
        {
            d = d.AddDays(1);
            if (IsWorkingDay(d))
                found++;
        }

        return d;
    }

    /// <summary>
    /// The end (exclusive) of a window of <paramref name="workingDays"/> full working days after the day of
    /// <paramref name="from"/>: midnight Asia/Shanghai after the last of them.
    /// </summary>
    public DateTimeOffset WindowEnd(DateTimeOffset from, int workingDays)
    {
        var lastDay = WorkingDaysAfter(ShanghaiTime.DayOf(from), workingDays);
        return ShanghaiTime.ToInstant(lastDay.AddDays(1));
    }
}
