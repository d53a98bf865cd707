using System.Globalization;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Web.Pages;

/// <summary>
/// &lt;input type="datetime-local"&gt; values ("2026-11-03T09:30") read and written as Asia/Shanghai wall time, whatever the
/// browser's or the server's time zone.
/// </summary>
public static class LocalTimeInput
{
    public const string Pattern = "yyyy-MM-dd'T'HH:mm";

    public static string Format(DateTimeOffset? instant) =>
        instant is { } i ? ShanghaiTime.ToLocal(i).ToString(Pattern, CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>The instant of a Shanghai wall time typed into a datetime-local input; false when empty or malformed.</summary>
    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text)
            || !DateTime.TryParseExact(text.Trim(), [Pattern, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return false;
        instant = ShanghaiTime.ToInstant(local);
        return true;
    }
}
