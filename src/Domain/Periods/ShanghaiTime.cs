namespace AssessmentEngine.Domain.Periods;

/// <summary>The calendar every period, deadline and appeal window is reckoned in.</summary>
public static class ShanghaiTime
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset ToInstant(DateTime local) =>
        new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));

    public static DateTimeOffset ToInstant(DateOnly day) => ToInstant(day.ToDateTime(TimeOnly.MinValue));

    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static DateTime ToLocal(DateTimeOffset instant) =>
        instant.Offset == ChinaStandardTime && instant.Year > 1991
            ? instant.DateTime // China has kept +08:00 without daylight saving since 1991; skips the zone lookup on hot paths.
            : DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, Zone).DateTime, DateTimeKind.Unspecified);

    public static DateTime? ToLocal(DateTimeOffset? instant) => instant is { } i ? ToLocal(i) : null;

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant));
}
