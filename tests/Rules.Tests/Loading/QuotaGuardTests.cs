using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Loading;

/// <summary>No enforcement quotas: points that grow with a count of enforcement actions, fines or penalties need a Cap.</summary>
public class QuotaGuardTests
{
    private static List<Diagnostic> Check(string points, string ruleCap = "", string categoryCap = "") =>
        new RuleEngine().Compile($$"""
            { "WorkflowName": "quota",
              "Scheme": { "Population": "Officer", "Categories": [ { "Name": "enforcement" {{categoryCap}} } ] },
              "GlobalParams": [
                { "Name": "enforcementCount", "Expression": "officer.Enforcements.Count" },
                { "Name": "penaltyWithoutFootageCount", "Expression": "officer.Enforcements.Count(e => e.PenaltyIssued && !e.HasFootage)" },
                { "Name": "coverage", "Expression": "enforcementCount == 0 ? 100.0 : 100.0 * officer.Enforcements.Count(e => e.HasFootage) / enforcementCount" }
              ],
              "Rules": [
                { "RuleName": "Productive", "Expression": "true",
                  "Properties": { "Category": "enforcement", "Points": "{{points}}" {{ruleCap}} } }
              ] }
            """, "quota.json", Workflows.OfficerAndPeriod).Diagnostics.Where(d => d.Code == DiagnosticCodes.QuotaRisk).ToList();

    [Theory]
    [InlineData("0.5 * enforcementCount", "enforcementCount", 7)]
    [InlineData("officer.Enforcements.Count(e => e.PenaltyIssued)", "officer.Enforcements.Count", 1)]
    [InlineData("officer.Enforcements.Sum(e => e.Fine) / 100", "officer.Enforcements.Sum", 1)]
    [InlineData("-2 * (5 - enforcementCount)", "enforcementCount", 11)]
    [InlineData("Math.Round(enforcementCount / 10.0, 1)", "enforcementCount", 12)]
    public void Points_growing_with_enforcement_without_a_cap_are_warned_about_at_the_counted_term(string points, string counted, int column)
    {
        var warning = Check(points).Should().ContainSingle().Subject;

        warning.Severity.Should().Be(DiagnosticSeverity.Warning);
        warning.Rule.Should().Be("Productive");
        warning.Arguments.Should().Equal("Productive", counted);
        warning.ExpressionColumn.Should().Be(column);
        warning.Line.Should().Be(10);
        warning.Column.Should().BeGreaterThan(column);
        warning.Message.Should().Contain("quota");
    }

    [Theory]
    [InlineData("-5 * penaltyWithoutFootageCount")]
    [InlineData("-1 * enforcementCount")]
    [InlineData("-0.5 * (95 - coverage)")]
    [InlineData("3")]
    public void Deductions_and_ratios_are_not_quotas(string points) => Check(points).Should().BeEmpty();

    [Fact]
    public void A_cap_on_the_rule_or_on_its_category_bounds_the_points()
    {
        Check("enforcementCount", ruleCap: ", \"Cap\": 10").Should().BeEmpty();
        Check("enforcementCount", categoryCap: ", \"Cap\": 10").Should().BeEmpty();
    }

    [Fact]
    public void The_shipped_officer_scheme_passes()
    {
        new RuleEngine().Compile(Workflows.OfficerMonthlyJson, "officer-monthly.json", Workflows.OfficerAndPeriod).Diagnostics.Should().NotContain(d => d.Code == DiagnosticCodes.QuotaRisk);
    }
}
