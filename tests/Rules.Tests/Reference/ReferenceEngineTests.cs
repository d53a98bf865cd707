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
        finding.Arguments.Should().Equal("the rule expression", "bool", "bool?");
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

    private static string ParameterRules(string localName) => JsonSerializer.Serialize(new
    {
        WorkflowName = "w",
        Scheme = new { Population = "Officer" },
        GlobalParams = new object[]
        {
            new { Name = "count", Expression = "officer.Enforcements.Count" },
            new { Name = "unused", Expression = "officer.DutyHours" },
            new { Name = "weight", Expression = "2" },
        },
        Rules = new object[]
        {
            new { RuleName = "Global", Expression = "count >= 0", Properties = new { Points = "count * weight" } },
            new { RuleName = "Local", Expression = $"{localName} > 0", LocalParams = new object[] { new { Name = localName, Expression = "3" } }, Properties = new { Points = $"count * {localName}" } },
            new { RuleName = "Constant", Expression = "true", Properties = new { Points = "1.5" } },
        },
    });

    [Fact]
    public void Points_over_global_and_local_parameters_score_alike_in_both_engines()
    {
        // RulesEngine's parser is handed only the parameters an expression names; each must resolve as with all of them.
        var workflow = Workflows.Compile(ParameterRules("localWeight")).Workflows[0];
        MicrosoftRulesEngine.Portability(workflow).Should().BeEmpty();
        var officer = SampleOfficer.Create();

        var ours = workflow.Score(Workflows.July2024, officer, OfficerFactory.June2024);
        var theirs = new MicrosoftRulesEngine().Score(workflow, Workflows.July2024, officer, OfficerFactory.June2024);

        CrossCheck.Compare(ours, theirs).Should().BeEmpty();
        var count = officer.Enforcements.Count;
        theirs.FiredRules.Select(f => (f.RuleName, f.Points)).Should().Equal(("Global", count * 2m), ("Local", count * 3m), ("Constant", 1.5m));
    }

    [Theory]
    [InlineData("weight")]
    [InlineData("Weight")]
    public void A_local_parameter_reusing_a_visible_name_is_reported_as_not_portable_because_RulesEngine_faults_the_rule(string localName)
    {
        var workflow = Workflows.Compile(ParameterRules(localName)).Workflows[0];

        var finding = MicrosoftRulesEngine.Portability(workflow).Should().ContainSingle().Subject;
        finding.Code.Should().Be(DiagnosticCodes.NotPortable);
        finding.Rule.Should().Be("Local");
        finding.Arguments.Should().Equal($"parameter '{localName}'", "the name is already declared in this scope");
        if (localName == "weight")
        {
            var theirs = new MicrosoftRulesEngine().Score(workflow, Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);
            theirs.Faults.Should().ContainSingle().Which.Message.Should().Contain("same key has already been added. Key: weight");
        }
    }

    [Theory]
    [InlineData("HasFootage", true)]
    [InlineData("minimum > 0 && HasFootage", true)]
    [InlineData("event.HasFootage && minimum > 0", false)]
    public void With_parameters_beside_one_input_a_bare_member_is_not_portable_whatever_the_expression_names(string expression, bool reported)
    {
        // RulesEngine reads a bare member from its sole parameter only; a global parameter beside the input makes two.
        var json = $$"""
            { "WorkflowName": "interlock", "GlobalParams": [ { "Name": "minimum", "Expression": "30" } ],
              "Rules": [ { "RuleName": "Footage", "Expression": "{{expression}}" } ] }
            """;
        var workflow = Workflows.Compile(json, null, EventInput)["interlock"];

        var findings = MicrosoftRulesEngine.Portability(workflow);

        findings.Any(f => f.Code == DiagnosticCodes.NotPortable && f.Rule == "Footage").Should().Be(reported, string.Join("; ", findings));
    }
}
