using System.Text.Json;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Reference;
using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Reference;

public class ReferenceEngineTests
{
    private static readonly RuleInput[] EventInput = [RuleInput.Json("event", JsonShape.Parse("""{"OfficerId":"long","HasFootage":"bool","FootageUploaded":"bool?","FootageSeconds":"int?"}"""))];

    private static string EventRules(string expression) => $$"""
        {
          "WorkflowName": "interlock",
          "Rules": [
            { "RuleName": "Seconds", "Expression": "!event.HasFootage || np(event.FootageSeconds, 0) >= 30" },
            { "RuleName": "Uploaded", "Expression": "{{expression}}", "ErrorMessage": "not uploaded by $(event.OfficerId)" }
          ]
        }
        """;

    [Fact]
    public void An_expression_RulesEngine_types_bool_nullable_is_reported_at_its_position_in_the_file()
    {
        var set = Workflows.Compile(EventRules("!event.HasFootage || np(event.FootageUploaded, false)"), null, EventInput);

        var finding = MicrosoftRulesEngine.Portability(set["interlock"]).Should().ContainSingle().Subject;
        finding.Code.Should().Be(DiagnosticCodes.TypedDifferently);
        finding.Severity.Should().Be(DiagnosticSeverity.Warning);
        finding.Rule.Should().Be("Uploaded");
        finding.Part.Should().Be(DiagnosticPart.RuleExpression);
        finding.Arguments.Should().Equal("bool", "bool?");
        finding.ExpressionColumn.Should().Be(22, "it points at np(");
        finding.Line.Should().Be(5);
        finding.Column.Should().Be(67);
    }

    [Theory]
    [InlineData("!event.HasFootage || (event.FootageUploaded ?? false)")]
    [InlineData("!event.HasFootage || event.FootageUploaded == true")]
    public void The_portable_spellings_pass_and_both_engines_agree_on_every_event(string expression)
    {
        var workflow = Workflows.Compile(EventRules(expression), null, EventInput)["interlock"];
        MicrosoftRulesEngine.Portability(workflow).Should().BeEmpty();
        var reference = new MicrosoftRulesEngine();

        foreach (var json in new[]
        {
            """{"OfficerId":1,"HasFootage":true,"FootageUploaded":null,"FootageSeconds":40}""",
            """{"OfficerId":2,"HasFootage":true,"FootageUploaded":true,"FootageSeconds":10}""",
            """{"OfficerId":3,"HasFootage":false,"FootageUploaded":false,"FootageSeconds":null}""",
            """{"OfficerId":4,"HasFootage":true,"FootageUploaded":false,"FootageSeconds":null}""",
        })
        {
            var input = JsonDocument.Parse(json).RootElement;
            var ours = workflow.Execute(Workflows.July2024, input);
            var theirs = reference.Execute(workflow, Workflows.July2024, input);
            theirs.Select(r => (r.Rule.RuleName, r.IsSuccess, r.ExceptionMessage)).Should().Equal(ours.Select(r => (r.Rule.RuleName, r.IsSuccess, r.ExceptionMessage)), json);
        }
    }

    [Fact]
    public void An_expression_RulesEngine_would_run_but_our_sandbox_refuses_keeps_our_error_and_never_reaches_RulesEngine()
    {
        var json = JsonSerializer.Serialize(new { WorkflowName = "w", Rules = new[] { new { RuleName = "r", Expression = "officer.GetType().Assembly.Location != \"\"" } } });

        var result = new RuleEngine().Compile(json, "w.json", Workflows.OfficerAndPeriod);

        result.RuleSet.Should().BeNull("a workflow our checker refuses is never compiled, so RulesEngine cannot be given it");
        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.NotAllowed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_reference_engine_scores_generated_officers_exactly_as_ours_after_rounding(bool fast)
    {
        var workflow = Workflows.Compile(Workflows.OfficerMonthlyJson).Workflows[0];
        MicrosoftRulesEngine.Portability(workflow).Should().BeEmpty();
        var reference = new MicrosoftRulesEngine(fast);
        var officers = OfficerFactory.Generate(300, seed: 7);

        var disagreements = officers.SelectMany(o => CrossCheck.Compare(
            workflow.Score(Workflows.July2024, o, OfficerFactory.June2024),
            reference.Score(workflow, Workflows.July2024, o, OfficerFactory.June2024))).ToList();

        disagreements.Should().BeEmpty();
        officers.Sum(o => reference.Score(workflow, Workflows.July2024, o, OfficerFactory.June2024).FiredRules.Count).Should().BeGreaterThan(300, "rules fire, so the comparison compares something");
    }

    [Fact]
    public void A_runtime_fault_is_a_fault_in_both_engines()
    {
        var json = JsonSerializer.Serialize(new
        {
            WorkflowName = "w",
            Scheme = new { Population = "Officer" },
            Rules = new object[]
            {
                new { RuleName = "Divide", Expression = "10 / (officer.Enforcements.Count - officer.Enforcements.Count) > 1" },
                new { RuleName = "Fires", Expression = "true", Properties = new { Points = "officer.Enforcements.Count * 0.333" } },
            },
        });
        var workflow = Workflows.Compile(json).Workflows[0];

        var ours = workflow.Score(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);
        var theirs = new MicrosoftRulesEngine().Score(workflow, Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);

        theirs.Faults.Select(f => f.RuleName).Should().Equal("Divide");
        CrossCheck.Compare(ours, theirs).Should().BeEmpty();
        theirs.FiredRules.Single().Points.Should().Be(1.33m);
    }
}
