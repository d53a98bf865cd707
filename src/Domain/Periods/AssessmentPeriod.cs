using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AssessmentEngine.Domain.Periods;

/// <summary>A calendar month ("2026-10") or quarter ("2026-Q4") in Asia/Shanghai; the end is exclusive.</summary>
public readonly record struct AssessmentPeriod : IComparable<AssessmentPeriod>, IParsable<AssessmentPeriod>
{
    private AssessmentPeriod(PeriodKind kind, int year, int number)
    {
        Kind = kind;
        Year = year;
        Number = number;
    }

    public PeriodKind Kind { get; }

    public int Year { get; }

    /// <summary>The month (1–12) of a monthly period or the quarter (1–4) of a quarterly one.</summary>
    public int Number { get; }

    public bool IsMonthly => Kind == PeriodKind.Monthly;

    public int Quarter => IsMonthly ? ((Number - 1) / 3) + 1 : Number;

    public int FirstMonth => IsMonthly ? Number : ((Number - 1) * 3) + 1;

    public string Key => IsMonthly
        ? string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Number:D2}")
        : string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Number}");

    /// <summary>Local midnight of the first day, Asia/Shanghai wall time.</summary>
    public DateTime Start => new(Year, FirstMonth, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Local midnight of the first day after the period (exclusive).</summary>
    public DateTime End => Start.AddMonths(IsMonthly ? 1 : 3);

    public DateTimeOffset StartInstant => ShanghaiTime.ToInstant(Start);

    public DateTimeOffset EndInstant => ShanghaiTime.ToInstant(End);

    public DateOnly FirstDay => DateOnly.FromDateTime(Start);

    /// <summary>The last day inside the period.</summary>
    public DateOnly LastDay => DateOnly.FromDateTime(End).AddDays(-1);

    public AssessmentPeriod Previous => IsMonthly
        ? (Number == 1 ? Month(Year - 1, 12) : Month(Year, Number - 1))
        : (Number == 1 ? QuarterOf(Year - 1, 4) : QuarterOf(Year, Number - 1));

    public AssessmentPeriod Next => IsMonthly
        ? (Number == 12 ? Month(Year + 1, 1) : Month(Year, Number + 1))
        : (Number == 4 ? QuarterOf(Year + 1, 1) : QuarterOf(Year, Number + 1));

    /// <summary>The quarter a monthly period falls in; a quarter is its own quarter.</summary>
    public AssessmentPeriod ContainingQuarter => QuarterOf(Year, Quarter);

    public static AssessmentPeriod Month(int year, int month)
    {
        EnsureYear(year);
        if (month is < 1 or > 12)
            throw new DomainException("MonthOutOfRange", $"Month must be 1–12, got {month}.", month);
        return new AssessmentPeriod(PeriodKind.Monthly, year, month);
    }

    public static AssessmentPeriod QuarterOf(int year, int quarter)
    {
        EnsureYear(year);
        if (quarter is < 1 or > 4)
            throw new DomainException("QuarterOutOfRange", $"Quarter must be 1–4, got {quarter}.", quarter);
        return new AssessmentPeriod(PeriodKind.Quarterly, year, quarter);
    }

    /// <summary>The month containing an instant, reckoned in Asia/Shanghai.</summary>
    public static AssessmentPeriod MonthContaining(DateTimeOffset instant)
    {
        var local = ShanghaiTime.ToLocal(instant);
        return Month(local.Year, local.Month);
    }

    /// <summary>The months of the period in calendar order: one for a month, three for a quarter.</summary>
    public IReadOnlyList<AssessmentPeriod> Months()
    {
        if (IsMonthly)
            return [this];
        var first = FirstMonth;
        return [Month(Year, first), Month(Year, first + 1), Month(Year, first + 2)];
    }

    /// <summary>The <paramref name="count"/> periods of the same kind before this one, most recent first.</summary>
    public IReadOnlyList<AssessmentPeriod> PreviousPeriods(int count = 12)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new AssessmentPeriod[count];
        var p = this;
        for (var i = 0; i < count; i++)
        {
            p = p.Previous;
            result[i] = p;
        }

        return result;
    }

    /// <summary>The <paramref name="count"/> calendar months before the start of the period, most recent first (the outcome history).</summary>
    public IReadOnlyList<AssessmentPeriod> PreviousMonths(int count = 12) => Month(Year, FirstMonth).PreviousPeriods(count);

    public bool Contains(DateTimeOffset instant) => instant >= StartInstant && instant < EndInstant;

    /// <summary>Whether a local Asia/Shanghai wall time lies in the period.</summary>
    public bool Contains(DateTime local) => local >= Start && local < End;

    public static AssessmentPeriod Parse(string s) => Parse(s, null);

    public static AssessmentPeriod Parse(string s, IFormatProvider? provider) =>
        TryParse(s, out var period, out var error) ? period : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out AssessmentPeriod result) =>
        TryParse(s, out result, out _);

    public static bool TryParse([NotNullWhen(true)] string? s, out AssessmentPeriod result) => TryParse(s, out result, out _);

    private static bool TryParse(string? s, out AssessmentPeriod result, out string error)
    {
        result = default;
        const string expected = "expected a month like \"2026-10\" or a quarter like \"2026-Q4\"";
        if (string.IsNullOrWhiteSpace(s))
        {
            error = $"Period is empty; {expected}.";
            return false;
        }

        var text = s.Trim();
        if (text.Length < 6 || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1)
        {
            error = $"'{s}' is not a period; {expected}.";
            return false;
        }

        var rest = text.AsSpan(5);
        if (rest.Length == 2 && (rest[0] == 'Q' || rest[0] == 'q'))
        {
            var q = rest[1] - '0';
            if (q is < 1 or > 4)
            {
                error = $"'{s}' has quarter {rest[1]}; a quarter is Q1–Q4.";
                return false;
            }

            result = new AssessmentPeriod(PeriodKind.Quarterly, year, q);
            error = string.Empty;
            return true;
        }

        if (rest.Length == 2 && int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var month))
        {
            if (month is < 1 or > 12)
            {
                error = $"'{s}' has month {month}; a month is 01–12.";
                return false;
            }

            result = new AssessmentPeriod(PeriodKind.Monthly, year, month);
            error = string.Empty;
            return true;
        }

        error = $"'{s}' is not a period; {expected}.";
        return false;
    }

    public int CompareTo(AssessmentPeriod other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : Kind.CompareTo(other.Kind);
    }

    public static bool operator <(AssessmentPeriod left, AssessmentPeriod right) => left.CompareTo(right) < 0;

    public static bool operator >(AssessmentPeriod left, AssessmentPeriod right) => left.CompareTo(right) > 0;

    public static bool operator <=(AssessmentPeriod left, AssessmentPeriod right) => left.CompareTo(right) <= 0;

    public static bool operator >=(AssessmentPeriod left, AssessmentPeriod right) => left.CompareTo(right) >= 0;

    public override string ToString() => Key;

    private static void EnsureYear(int year)
    {
        if (year is < 1 or > 9998)
            throw new DomainException("YearOutOfRange", $"Year must be 1–9998, got {year}.", year);
    }
}
