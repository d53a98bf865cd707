using System.Globalization;

namespace AssessmentEngine.Rules.Binding.Builtins;

/// <summary>
/// String members the language exposes, pinned to ordinal comparison and invariant culture so a rule gives the same
/// answer on every server regardless of its locale.
/// </summary>
internal static class TextFunctions
{
    /// <summary>Text that grows without bound (a chain of parameters each doubling the last) must fail its rule, not exhaust memory.</summary>
    public const int MaxLength = 10_000;

    public static string Concat(string? first, string? second) => Bounded((long)(first?.Length ?? 0) + (second?.Length ?? 0)) ? string.Concat(first, second) : throw TooLong();

    public static string Concat(string? first, string? second, string? third) => Concat(Concat(first, second), third);

    public static string Replace(string text, string oldValue, string? newValue)
    {
        var result = text.Replace(oldValue, newValue, StringComparison.Ordinal);
        return Bounded(result.Length) ? result : throw TooLong();
    }

    public static string PadLeft(string text, int totalWidth) => Bounded(totalWidth) ? text.PadLeft(totalWidth) : throw TooLong();

    public static string PadRight(string text, int totalWidth) => Bounded(totalWidth) ? text.PadRight(totalWidth) : throw TooLong();

    private static bool Bounded(long length) => length <= MaxLength;

    private static InvalidOperationException TooLong() => new($"text longer than {MaxLength:N0} characters");

    public static bool StartsWith(string text, string value) => text.StartsWith(value, StringComparison.Ordinal);

    public static bool EndsWith(string text, string value) => text.EndsWith(value, StringComparison.Ordinal);

    public static int IndexOf(string text, string value) => text.IndexOf(value, StringComparison.Ordinal);

    public static int LastIndexOf(string text, string value) => text.LastIndexOf(value, StringComparison.Ordinal);

    public static int CompareTo(string text, string value) => string.CompareOrdinal(text, value);

    public static string ToLower(string text) => text.ToLowerInvariant();

    public static string ToUpper(string text) => text.ToUpperInvariant();

    public static string[] Split(string text, char separator) => text.Split(separator);

    public static string Join(string separator, IEnumerable<string> values)
    {
        var result = string.Join(separator, values);
        return Bounded(result.Length) ? result : throw TooLong();
    }

    public static string ToString(string text) => text;

    public static string ToString(DateTime value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string ToString(DateTimeOffset value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string ToString(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string ToString(decimal value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string ToString(int value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Formats any value the way string concatenation and <c>ToString()</c> show it: invariant culture, null as empty.</summary>
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
