using System.Globalization;
using AssessmentEngine.Rules.Execution;

namespace AssessmentEngine.Rules.Binding.Builtins;

/// <summary>
/// String members the language exposes, pinned to ordinal comparison and invariant culture so a rule gives the same
/// answer on every server regardless of its locale.
/// </summary>
internal static class TextFunctions
{
    /// <summary>Text that grows without bound (a chain of parameters each doubling the last) must fail its rule, not exhaust memory.</summary>
    public const int MaxLength = 10_000;

    public static string Concat(string? first, string? second)
    {
        var length = (long)(first?.Length ?? 0) + (second?.Length ?? 0);
        return Bounded(length) && WorkBudget.Spend(length) ? string.Concat(first, second) : throw TooLong();
    }

    public static string Concat(string? first, string? second, string? third) => Concat(Concat(first, second), third);

    /// <summary>The length is computed from the occurrences before anything is allocated: a replacement may multiply the text.</summary>
    public static string Replace(string text, string oldValue, string? newValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(oldValue);
        var occurrences = 0L;
        for (var at = text.IndexOf(oldValue, StringComparison.Ordinal); at >= 0; at = text.IndexOf(oldValue, at + oldValue.Length, StringComparison.Ordinal))
            occurrences++;
        var length = text.Length + occurrences * ((newValue?.Length ?? 0) - oldValue.Length);
        return Bounded(length) && WorkBudget.Spend(length) ? text.Replace(oldValue, newValue, StringComparison.Ordinal) : throw TooLong();
    }

    public static string PadLeft(string text, int totalWidth) => Bounded(totalWidth) && WorkBudget.Spend(totalWidth) ? text.PadLeft(totalWidth) : throw TooLong();

    public static string PadRight(string text, int totalWidth) => Bounded(totalWidth) && WorkBudget.Spend(totalWidth) ? text.PadRight(totalWidth) : throw TooLong();

    private static bool Bounded(long length) => length <= MaxLength;

    private static InvalidOperationException TooLong() => new($"text longer than {MaxLength:N0} characters");

    public static bool StartsWith(string text, string value) => text.StartsWith(value, StringComparison.Ordinal);

    public static bool EndsWith(string text, string value) => text.EndsWith(value, StringComparison.Ordinal);

    public static int IndexOf(string text, string value) => text.IndexOf(value, StringComparison.Ordinal);

    public static int LastIndexOf(string text, string value) => text.LastIndexOf(value, StringComparison.Ordinal);

    public static int CompareTo(string text, string value) => string.CompareOrdinal(text, value);

    public static string ToLower(string text) => WorkBudget.Spend(text.Length) ? text.ToLowerInvariant() : throw TooLong();

    public static string ToUpper(string text) => WorkBudget.Spend(text.Length) ? text.ToUpperInvariant() : throw TooLong();

    public static string[] Split(string text, char separator) => WorkBudget.Spend(text.Length) ? text.Split(separator) : throw TooLong();

    /// <summary>Lengths are added up while the values are read, so an oversized result fails before it is built.</summary>
    public static string Join(string separator, IEnumerable<string> values)
    {
        var parts = new List<string>();
        var length = 0L;
        foreach (var value in values)
        {
            length += (parts.Count == 0 ? 0 : separator?.Length ?? 0) + (value?.Length ?? 0);
            if (!Bounded(length))
                throw TooLong();
            parts.Add(value ?? "");
        }
        return WorkBudget.Spend(length) ? string.Join(separator, parts) : throw TooLong();
    }

    public static string ToString(string text) => text;

    public static string ToString(DateTime value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string ToString(DateTimeOffset value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string ToString(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string ToString(decimal value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string ToString(int value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Formats any value the way string concatenation and <c>ToString()</c> show it: invariant culture, null as empty.</summary>
    /// <summary>Null for a missing value (an evidence record without an id is numbered instead), else <see cref="Format{T}"/>.</summary>
    public static string? FormatOrNull<T>(T value) => value is null ? null : Format(value);

    public static string Format<T>(T value) => value switch
    {
        null => "",
        DateTime date => date.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        bool flag => flag ? "True" : "False",
        _ => value.ToString() ?? "",
    };
}

/// <summary>Parsing and conversions with the invariant culture, for the same reason as <see cref="TextFunctions"/>.</summary>
internal static class ParseFunctions
{
    private const DateTimeStyles DateStyles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind;

    public static int ParseInt32(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static long ParseInt64(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    public static decimal ParseDecimal(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static bool ParseBoolean(string text) => bool.Parse(text);

    public static DateTime ParseDateTime(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateStyles);

    public static DateTimeOffset ParseDateTimeOffset(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces);

    public static TimeSpan ParseTimeSpan(string text) => TimeSpan.Parse(text, CultureInfo.InvariantCulture);
}
