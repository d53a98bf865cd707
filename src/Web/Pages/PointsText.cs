using System.Globalization;

namespace AssessmentEngine.Web.Pages;

/// <summary>Scores and points as pages show them: at most two decimals, the same in every language; points with their sign.</summary>
public static class PointsText
{
    public static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>+2, −3 (a real minus sign), 0.</summary>
    public static string Signed(double value) =>
        value > 0 ? "+" + Format(value) : value < 0 ? "−" + Format(-value) : "0";
}
