using System.Globalization;
using AssessmentEngine.Domain.Periods;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace AssessmentEngine.Web.Pages;

/// <summary>How every page shows an instant: Asia/Shanghai wall time, the same pattern in every language.</summary>
public static class LocalTime
{
    public const string DateTimePattern = "yyyy-MM-dd HH:mm";
    public const string DatePattern = "yyyy-MM-dd";

    public static string Format(DateTimeOffset instant, string pattern = DateTimePattern) =>
        ShanghaiTime.ToLocal(instant).ToString(pattern, CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset? instant, string pattern = DateTimePattern) =>
        instant is { } i ? Format(i, pattern) : string.Empty;
}

/// <summary>
/// <c>&lt;local-time value="@run.QueuedAt" /&gt;</c> renders <c>&lt;time datetime="2026-11-01T02:00:00Z"&gt;2026-11-01 10:00&lt;/time&gt;</c>;
/// <c>date-only</c> drops the time of day. A null value renders nothing.
/// </summary>
[HtmlTargetElement("local-time", TagStructure = TagStructure.WithoutEndTag)]
public sealed class LocalTimeTagHelper : TagHelper
{
    public DateTimeOffset? Value { get; set; }

    public bool DateOnly { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Value is not { } instant)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "time";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("datetime", instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        output.Content.SetContent(LocalTime.Format(instant, DateOnly ? LocalTime.DatePattern : LocalTime.DateTimePattern));
    }
}
