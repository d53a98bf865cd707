using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages;

/// <summary>How an outcome reads to people: 优秀民警, 先进中队, 预警, 约谈（中队/政工督察/大队支委会）.</summary>
public static class OutcomeNames
{
    public static string Kind(IStringLocalizer t, string kind, string? level)
    {
        ArgumentNullException.ThrowIfNull(t);
        var name = Text(t, "Review.Kind." + kind, kind);
        return level is null ? name : t["Review.KindWithLevel", name, Level(t, level)];
    }

    public static string Level(IStringLocalizer t, string level)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Text(t, "Review.Level." + level, level);
    }

    private static string Text(IStringLocalizer t, string key, string fallback)
    {
        var text = t[key];
        return text.ResourceNotFound ? fallback : text.Value;
    }
}
