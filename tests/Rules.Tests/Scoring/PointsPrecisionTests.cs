using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Scoring;

public class PointsPrecisionTests
{
    // 0.1 + 0.2 in double is 0.30000000000000004; -0.5 * (95 - 94.9) is -0.04999999999999716.
    private static string Scheme(string precision) => $$"""
        { "WorkflowName": "precise",
          "Scheme": { "Population": "Officer", "BaseScore": 100 {{precision}}, "Categories": [ { "Name": "a" } ] },
          "GlobalParams": [ { "Name": "coverage", "Expression": "94.9" } ],
          "Rules": [
            { "RuleName": "Noise", "Expression": "true", "Properties": { "Category": "a", "Points": "-0.5 * (95 - coverage)" } },
            { "RuleName": "Sum", "Expression": "true", "Properties": { "Category": "a", "Points": "0.1 + 0.2" } },
            { "RuleName": "Half", "Expression": "true", "Properties": { "Category": "a", "Points": "-0.125" } }
          ] }
        """;

    private static ScoreCard Score(string precision) =>
        Workflows.Compile(Scheme(precision))["precise"].Score(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);

    [Fact]
    public void Points_are_rounded_to_two_decimals_by_default_away_from_zero_and_sums_are_exact()
    {
        var card = Score("");

        card.FiredRules.Select(f => f.Points).Should().Equal(-0.05m, 0.3m, -0.13m);
        card.FiredRules.Select(f => f.RawPoints).Should().Equal(-0.05m, 0.3m, -0.13m);
        card.Categories.Single().Capped.Should().Be(0.12m);
        card.Total.Should().Be(100.12m);
    }

    [Fact]
    public void The_scheme_chooses_its_precision()
    {
        var card = Score(", \"Precision\": 0");

        card.FiredRules.Select(f => f.Points).Should().Equal(0m, 0m, 0m);
        card.Total.Should().Be(100m);
    }

    [Fact]
    public void RulesEngine_shaped_results_carry_the_rounded_points()
    {
        var results = Workflows.Compile(Scheme(""))["precise"].Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);

        results.Select(r => r.Score!.Points).Should().Equal(-0.05m, 0.3m, -0.13m);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("7")]
    [InlineData("1.5")]
    public void A_precision_outside_whole_decimals_0_to_6_is_an_error_at_its_position(string precision)
    {
        var result = new RuleEngine().Compile(Scheme($", \"Precision\": {precision}"), "precise.json", Workflows.OfficerAndPeriod);

        var error = result.Diagnostics.Should().ContainSingle(d => d.Severity == DiagnosticSeverity.Error).Subject;
        error.Code.Should().Be(DiagnosticCodes.InvalidField);
        error.Message.Should().Contain("Precision");
        error.Line.Should().Be(2);
        result.Succeeded.Should().BeFalse();
    }
}
