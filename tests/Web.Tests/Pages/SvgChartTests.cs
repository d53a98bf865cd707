using System.Xml.Linq;
using AssessmentEngine.Web.Pages;

namespace AssessmentEngine.Web.Tests.Pages;

public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly ChartData Scores = new(
        "各中队平均得分", "一中队 92 分，二中队 78 分",
        ["一中队", "二中队", "三中队"],
        [new ChartSeries("10月", [92, 78, null]), new ChartSeries("11月", [95, 81.5, 60])])
    { ValueLabel = "分" };

    private static XElement Parse(Microsoft.AspNetCore.Html.HtmlString html) => XElement.Parse(html.Value!);

    [Fact]
    public void A_bar_chart_is_an_accessible_image_with_title_and_description()
    {
        var svg = Parse(SvgChart.Bar(Scores));

        svg.Name.Should().Be(Svg + "svg");
        svg.Attribute("role")!.Value.Should().Be("img");
        var title = svg.Element(Svg + "title")!;
        var desc = svg.Element(Svg + "desc")!;
        title.Value.Should().Be("各中队平均得分");
        desc.Value.Should().Be("一中队 92 分，二中队 78 分");
        svg.Attribute("aria-labelledby")!.Value.Should().Be($"{title.Attribute("id")!.Value} {desc.Attribute("id")!.Value}");
    }

    [Fact]
    public void A_bar_chart_draws_one_bar_per_value_and_skips_missing_ones()
    {
        var svg = Parse(SvgChart.Bar(Scores));

        var bars = svg.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToList();
        bars.Should().HaveCount(5);
        bars.Select(b => b.Element(Svg + "title")!.Value).Should().Contain(["一中队: 92", "二中队: 81.5", "三中队: 60"]);
        bars.Should().OnlyContain(b => double.Parse(b.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture) >= 0);
    }

    [Fact]
    public void Axes_carry_category_and_value_labels_and_a_legend_names_each_series()
    {
        var texts = Parse(SvgChart.Bar(Scores)).Descendants(Svg + "text").Select(t => t.Value).ToList();

        texts.Should().Contain(["一中队", "二中队", "三中队", "分", "0", "100", "10月", "11月"]);
    }

    [Fact]
    public void A_line_chart_joins_the_points_of_each_series()
    {
        var svg = Parse(SvgChart.Line(Scores));

        svg.Descendants(Svg + "polyline").Should().HaveCount(2);
        svg.Descendants(Svg + "circle").Should().HaveCount(5);
    }

    [Fact]
    public void Text_is_escaped_and_an_empty_chart_still_renders()
    {
        var hostile = new ChartData("<script>alert(1)</script>", "a & b", ["<b>"], [new ChartSeries("s\"1", [1])]);

        var html = SvgChart.Bar(hostile).Value!;
        html.Should().NotContain("<script>").And.NotContain("<b>");
        Parse(SvgChart.Bar(hostile)).Element(Svg + "title")!.Value.Should().Be("<script>alert(1)</script>");

        var empty = Parse(SvgChart.Line(new ChartData("空", "没有数据", [], [])));
        empty.Descendants(Svg + "polyline").Should().BeEmpty();
    }

    [Theory]
    [InlineData(0, 100, 0, 100, 20)]
    [InlineData(0, 92, 0, 100, 20)]
    [InlineData(-15, 40, -20, 40, 20)]
    [InlineData(60, 97, 60, 100, 10)]
    [InlineData(0, 0, 0, 1, 0.2)]
    public void The_value_axis_uses_round_steps(double low, double high, double min, double max, double step) =>
        SvgChart.Scale(low, high).Should().Be((min, max, step));
}
