using AssessmentEngine.Rules.Tests.Compatibility;
using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Scoring;

/// <summary>Scores computed by hand for <see cref="SampleOfficer"/>: 1 late day, 1 enforcement without footage (E2), 3 penalties (E1, E2, E4), a uniform incident.</summary>
public class ScoreCardTests
{
    private static string Scheme(string extraRules = "", string vetoScore = "") => $$"""
        { "WorkflowName": "officer-scored",
          "Scheme": { "Title": "民警月度考核", "Population": "Officer", "Period": "Monthly", "BaseScore": 100 {{vetoScore}},
            "Categories": [ { "Name": "attendance", "Title": "考勤", "Cap": -5 }, { "Name": "enforcement", "Title": "执法", "Cap": -10 },
                            { "Name": "commendation", "Title": "表彰", "Cap": 3 }, { "Name": "discipline", "Title": "纪律" } ],
            "Grades": [ { "Name": "优秀", "Min": 95 }, { "Name": "合格", "Min": 80 }, { "Name": "不合格", "Min": null } ],
            "PeerGroup": [ "SquadId", "PostType" ] },
          "GlobalParams": [ { "Name": "lateCount", "Expression": "officer.Attendance.Count(a => a.Status == \"late\")" },
                            { "Name": "missing", "Expression": "officer.Enforcements.Count(e => !e.HasFootage)" } ],
          "Rules": [
            { "RuleName": "Late", "Expression": "lateCount >= 1", "Properties": { "Title": "迟到", "Category": "attendance", "Points": "-3 * lateCount" } },
            { "RuleName": "MissingFootage", "Expression": "missing > 0",
              "Properties": { "Title": "无执法记录", "Category": "enforcement", "Points": "-4 * missing", "Cap": 3, "Evidence": "officer.Enforcements.Where(e => !e.HasFootage)" } },
            { "RuleName": "Penalties", "Expression": "officer.Enforcements.Count(e => e.PenaltyIssued) >= 3",
              "Properties": { "Category": "enforcement", "Points": -8, "Outcome": "Warning", "Evidence": "officer.Enforcements.Where(e => e.PenaltyIssued)" } },
            { "RuleName": "Praise", "Expression": "true", "Properties": { "Category": "commendation", "Points": 5, "Outcome": "Commendation:ExcellentOfficer" } },
            { "RuleName": "Uniform", "Expression": "officer.Incidents.Any(i => i.Code == \"uniform\")", "Properties": { "Category": "discipline", "Points": -1, "Parameters": [ "lateCount" ] } },
            { "RuleName": "NotFiring", "Expression": "lateCount > 5", "Properties": { "Category": "attendance", "Points": -50 } }
            {{extraRules}}
          ] }
        """;

    private static ScoreCard Score(string json) =>
        Workflows.Compile(json)["officer-scored"].Score(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);

    [Fact]
    public void Every_point_is_explained_and_caps_apply_per_rule_and_per_category()
    {
        var card = Score(Scheme());

        card.BaseScore.Should().Be(100m);
        card.Total.Should().Be(89m);
        card.Grade.Should().Be("合格");
        card.Vetoed.Should().BeFalse();
        card.Categories.Select(c => (c.Name, c.Raw, c.Capped)).Should().Equal(
            ("attendance", -3m, -3m), ("enforcement", -11m, -10m), ("commendation", 5m, 3m), ("discipline", -1m, -1m));
        card.FiredRules.Select(f => f.RuleName).Should().Equal("Late", "MissingFootage", "Penalties", "Praise", "Uniform");

        var missing = card.FiredRules[1];
        missing.Title.Should().Be("无执法记录");
        missing.RawPoints.Should().Be(-4m);
        missing.Points.Should().Be(-3m);
        missing.Parameters.Should().Equal(new ParameterValue("missing", 1));
        missing.EvidenceIds.Should().Equal("E2");

        card.FiredRules[0].Parameters.Should().Equal(new ParameterValue("lateCount", 1));
        card.FiredRules[2].EvidenceIds.Should().Equal("E1", "E2", "E4");
        card.FiredRules[4].Parameters.Should().Equal(new ParameterValue("lateCount", 1));
        card.Outcomes.Should().Equal("Warning", "Commendation:ExcellentOfficer");
        card.VersionHash.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void A_veto_voids_the_score_and_bars_commendations()
    {
        var card = Score(Scheme(""", { "RuleName": "Drinking", "Expression": "officer.Incidents.Any(i => i.Verified)", "Properties": { "Category": "discipline", "Points": -100, "Veto": true, "Outcome": "Interview:Committee" } }"""));

        card.Vetoed.Should().BeTrue();
        card.BarredFromCommendations.Should().BeTrue();
        card.Total.Should().Be(0m);
        card.Grade.Should().Be("不合格");
        card.Outcomes.Should().Equal("Warning", "Interview:Committee");
        card.FiredRules.Should().Contain(f => f.RuleName == "Drinking" && f.Veto);
    }

    [Fact]
    public void The_score_of_a_vetoed_period_can_be_configured()
    {
        var card = Score(Scheme(""", { "RuleName": "Drinking", "Expression": "true", "Properties": { "Veto": true } }""", vetoScore: """, "VetoScore": 60"""));

        card.Total.Should().Be(60m);
        card.Grade.Should().Be("不合格");
    }

    [Theory]
    [InlineData("6", 95, "优秀")]
    [InlineData("5.99", 94.99, "合格")]
    [InlineData("-9", 80, "合格")]
    [InlineData("-9.01", 79.99, "不合格")]
    public void Grade_bands_include_their_lower_bound(string bonus, decimal total, string grade)
    {
        var card = Score(Scheme($$""", { "RuleName": "Adjust", "Expression": "true", "Properties": { "Points": {{bonus}} } }"""));

        card.Total.Should().Be(total);
        card.Grade.Should().Be(grade);
    }

    [Fact]
    public void Scoring_without_explanations_keeps_the_points_and_drops_the_values()
    {
        var card = Workflows.Compile(Scheme())["officer-scored"].Score(Workflows.July2024 with { Explain = false }, SampleOfficer.Create(), OfficerFactory.June2024);

        card.Total.Should().Be(89m);
        card.FiredRules.Should().OnlyContain(f => f.Parameters.Count == 0 && f.EvidenceIds.Count == 0);
    }

    [Fact]
    public void Points_that_are_not_numbers_and_evidence_that_is_not_a_list_are_load_errors()
    {
        var diagnostics = new RuleEngine().Compile("""
            { "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "true", "Properties": { "Points": "officer.Id", "Evidence": "officer.DutyHours" } } ] }
            """, "w.json", Workflows.OfficerAndPeriod).Diagnostics;

        diagnostics.Select(d => d.Message).Should().Equal(
            "Points: Points must be a number, but this expression gives string",
            "Evidence: Evidence must select a list of records, but this expression gives double");
    }

    [Fact]
    public void Scores_are_identical_across_repeated_runs()
    {
        var workflow = Workflows.Compile(Scheme())["officer-scored"];
        var officers = OfficerFactory.Generate(50, seed: 3);

        var first = officers.Select(o => workflow.Score(Workflows.July2024, o, OfficerFactory.June2024).Total).ToArray();
        var second = officers.Select(o => workflow.Score(Workflows.July2024, o, OfficerFactory.June2024).Total).ToArray();

        first.Should().Equal(second);
        ExpressionEvaluator.Evaluate("1").Should().Be(1);
    }

    [Fact]
    public void RulesEngine_shaped_results_carry_the_points_and_explanation_of_fired_rules()
    {
        var results = Workflows.Compile(Scheme())["officer-scored"].Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);

        var missing = results.Single(r => r.Rule.RuleName == "MissingFootage");
        missing.Score!.Points.Should().Be(-3m);
        missing.Score.EvidenceIds.Should().Equal("E2");
        results.Single(r => r.Rule.RuleName == "NotFiring").Score.Should().BeNull();
    }
}
