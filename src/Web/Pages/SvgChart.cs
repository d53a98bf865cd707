using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace AssessmentEngine.Web.Pages;

/// <summary>One named row of values, one value per category of the chart (null: no value for that category).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>
/// What a chart shows. <see cref="Title"/> and <see cref="Description"/> become the SVG's &lt;title&gt; and &lt;desc&gt;, which
/// screen readers announce; say in the description what the reader should see ("A2 fell from 92 to 78 in October").
/// </summary>
public sealed record ChartData(string Title, string Description, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>Label of the value axis, e.g. "分" or "%".</summary>
    public string? ValueLabel { get; init; }
}

/// <summary>
/// Bar and line charts as inline SVG rendered on the server (ADR 17): no script, no CDN, printable, readable without
/// JavaScript. <c>@SvgChart.Bar(data)</c> in a view; styling comes from <c>.chart</c> in site.css.
/// </summary>
public static class SvgChart
{
    public const int DefaultWidth = 640;
    public const int DefaultHeight = 280;
    private const int Left = 48, Right = 16, Top = 16, Bottom = 40, TickCount = 5;
    private static readonly string[] Palette = ["#1769aa", "#e07b00", "#1e7b34", "#b42318", "#6941c6", "#52606d"];
    private static int _counter;

    public static HtmlString Bar(ChartData data, int width = DefaultWidth, int height = DefaultHeight) =>
        new(Render(data, width, height, bars: true));

    public static HtmlString Line(ChartData data, int width = DefaultWidth, int height = DefaultHeight) =>
        new(Render(data, width, height, bars: false));

    private static string Render(ChartData data, int width, int height, bool bars)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, Left + Right + 10);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, Top + Bottom + 10);
        var id = "chart" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);
        var values = data.Series.SelectMany(s => s.Values).OfType<double>().ToList();
        var (min, max, step) = Scale(values.Count == 0 ? 0 : Math.Min(0, values.Min()), values.Count == 0 ? 1 : Math.Max(0, values.Max()));
        double plotWidth = width - Left - Right, plotHeight = height - Top - Bottom;
        double Y(double v) => Top + plotHeight - ((v - min) / (max - min) * plotHeight);
        var band = plotWidth / Math.Max(1, data.Categories.Count);

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">"));
        svg.Append(Invariant($"<title id=\"{id}-title\">{Text(data.Title)}</title><desc id=\"{id}-desc\">{Text(data.Description)}</desc>"));

        // Value axis: gridlines and tick labels, plus the unit label.
        svg.Append("<g class=\"y-axis\">");
        for (var tick = min; tick <= max + (step / 2); tick += step)
        {
            var y = Y(tick);
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Number(tick)}</text>"));
        }
        if (data.ValueLabel is { } valueLabel)
            svg.Append(Invariant($"<text class=\"value-label\" x=\"4\" y=\"{Top - 4}\">{Text(valueLabel)}</text>"));
        svg.Append("</g>");

        // Category axis.
        svg.Append(Invariant($"<g class=\"x-axis\"><line class=\"axis\" x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{Y(0):0.#}\" y2=\"{Y(0):0.#}\"/>"));
        for (var i = 0; i < data.Categories.Count; i++)
            svg.Append(Invariant($"<text x=\"{Left + (band * (i + 0.5)):0.#}\" y=\"{height - Bottom + 16}\" text-anchor=\"middle\">{Text(data.Categories[i])}</text>"));
        svg.Append("</g>");

        for (var s = 0; s < data.Series.Count; s++)
        {
            var series = data.Series[s];
            var colour = Palette[s % Palette.Length];
            svg.Append(Invariant($"<g class=\"series\" fill=\"{colour}\" stroke=\"{colour}\"><title>{Text(series.Name)}</title>"));
            if (bars)
            {
                var barWidth = band * 0.8 / data.Series.Count;
                for (var i = 0; i < Math.Min(series.Values.Count, data.Categories.Count); i++)
                {
                    if (series.Values[i] is not { } v) continue;
                    var x = Left + (band * i) + (band * 0.1) + (barWidth * s);
                    var (top, bottom) = (Y(Math.Max(v, 0)), Y(Math.Min(v, 0)));
                    svg.Append(Invariant($"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{top:0.#}\" width=\"{barWidth:0.#}\" height=\"{bottom - top:0.#}\" stroke=\"none\"><title>{Text(data.Categories[i])}: {Number(v)}</title></rect>"));
                }
            }
            else
            {
                var points = new List<string>();
                for (var i = 0; i < Math.Min(series.Values.Count, data.Categories.Count); i++)
                {
                    if (series.Values[i] is not { } v) continue;
                    var (x, y) = (Left + (band * (i + 0.5)), Y(v));
                    points.Add(Invariant($"{x:0.#},{y:0.#}"));
                    svg.Append(Invariant($"<circle class=\"point\" cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"3\"><title>{Text(data.Categories[i])}: {Number(v)}</title></circle>"));
                }
                if (points.Count > 1)
                    svg.Append(Invariant($"<polyline class=\"line\" fill=\"none\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>"));
            }
            svg.Append("</g>");
        }

        // Legend when there is more than one series.
        if (data.Series.Count > 1)
        {
            svg.Append("<g class=\"legend\">");
            for (var s = 0; s < data.Series.Count; s++)
            {
                var x = Left + (s * 120);
                svg.Append(Invariant($"<rect x=\"{x}\" y=\"{height - 14}\" width=\"10\" height=\"10\" fill=\"{Palette[s % Palette.Length]}\"/><text x=\"{x + 14}\" y=\"{height - 5}\">{Text(data.Series[s].Name)}</text>"));
            }
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A value axis from <paramref name="low"/> to <paramref name="high"/> in round steps (1, 2, 2.5 or 5 × 10ⁿ).</summary>
    internal static (double Min, double Max, double Step) Scale(double low, double high)
    {
        if (high <= low) high = low + 1;
        var rough = (high - low) / TickCount;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => s >= rough);
        return (Math.Floor(low / step) * step, Math.Ceiling(high / step) * step, step);
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Text(string value) => WebUtility.HtmlEncode(value);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
