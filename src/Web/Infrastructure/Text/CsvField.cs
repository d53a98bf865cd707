namespace AssessmentEngine.Web.Infrastructure.Text;

/// <summary>One field of a CSV file written for spreadsheet users (the audit log and results exports).</summary>
internal static class CsvField
{
    /// <summary>
    /// Quotes a field that holds a comma, quote or line break. Text that a spreadsheet would read as a formula
    /// (a leading = + - @, tab or carriage return) gets a leading apostrophe, so that an exported name cannot run
    /// (CSV injection); pass <paramref name="isText"/> false for numbers, whose minus sign is not a formula.
    /// </summary>
    public static string Escape(string? field, bool isText = true)
    {
        if (string.IsNullOrEmpty(field)) return string.Empty;
        if (isText && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r') field = "'" + field;
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
