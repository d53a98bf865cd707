using System.Globalization;
using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Scoring;

/// <summary>
/// Whole-number points are summed as longs and fractions as decimals; either way a subtotal must be the decimal that
/// adding every point in workflow order gives, scale included (stored results print it).
/// </summary>
public class SubtotalScaleTests
{
    private static string Scheme(params string[] points) =>
        """{ "WorkflowName": "scale", "Scheme": { "BaseScore": 100, "Categories": [ { "Name": "a" } ] }, "Rules": ["""
        + string.Join(", ", points.Select((p, i) => $$"""{ "RuleName": "R{{i}}", "Expression": "true", "Properties": { "Category": "a", "Points": {{p}} } }"""))
        + "] }";

    [Theory]
    [InlineData("1|-3", "-2", "98")]
    [InlineData("1|0.50|2.0", "3.50", "103.50")]
    [InlineData("0.5|1|2", "3.5", "103.5")]
    [InlineData("3|-3", "0", "100")]
    [InlineData("\"1 * 2\"|1", "3", "103")]
    [InlineData("4000000000|4000000000|4000000000", "12000000000", "12000000100")]
    public void A_subtotal_keeps_the_value_and_scale_of_decimal_addition(string points, string subtotal, string total)
    {
        var card = Workflows.Compile(Scheme(points.Split('|')))["scale"].Score(Workflows.July2024 with { Explain = false }, OfficerFactory.Generate(1, seed: 1)[0], OfficerFactory.June2024);

        card.Faults.Should().BeEmpty();
        var category = card.Categories.Single(c => c.Name == "a");
        category.Raw.ToString(CultureInfo.InvariantCulture).Should().Be(subtotal);
        category.Capped.ToString(CultureInfo.InvariantCulture).Should().Be(subtotal);
        card.Total.ToString(CultureInfo.InvariantCulture).Should().Be(total);
    }
}
