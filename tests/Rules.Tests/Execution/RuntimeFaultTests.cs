using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Execution;

public class RuntimeFaultTests
{
    private const string Json = """
        { "WorkflowName": "w",
          "GlobalParams": [ { "Name": "zero", "Expression": "officer.Complaints.Count" },
                            { "Name": "ratio", "Expression": "officer.Enforcements.Count / zero" } ],
          "Rules": [
            { "RuleName": "DivideByZero", "Expression": "officer.Scores[0] / zero > 1" },
            { "RuleName": "NullMember", "Expression": "officer.Squad.Leader.Id == \"x\"" },
            { "RuleName": "UsesBrokenParam", "Expression": "ratio > 1" },
            { "RuleName": "FirstOfEmpty", "Expression": "officer.Complaints.First().Verified" },
            { "RuleName": "BadNumber", "Expression": "int.Parse(officer.Kind) > 0" },
            { "RuleName": "Healthy", "Expression": "officer.DutyHours > 100" } ] }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_fault_fails_only_its_rule_with_RulesEngines_message(bool fuse)
    {
        var workflow = Workflows.Compile(Json, new RuleCompilerOptions { FuseScans = fuse })["w"];

        var results = workflow.Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);

        results.Select(r => r.IsSuccess).Should().Equal(false, false, false, false, false, true);
        results[0].ExceptionMessage.Should().Be("Error while executing rule : DivideByZero - Attempted to divide by zero.");
        results[1].ExceptionMessage.Should().Be("Error while executing rule : NullMember - Object reference not set to an instance of an object.");
        results[2].ExceptionMessage.Should().Be("Error while executing rule : UsesBrokenParam - Attempted to divide by zero.");
        results[3].ExceptionMessage.Should().Be("Error while executing rule : FirstOfEmpty - Sequence contains no elements");
        results[4].ExceptionMessage.Should().StartWith("Error while executing rule : BadNumber - ");
        results[5].ExceptionMessage.Should().BeNull();
    }

    [Fact]
    public void Scoring_reports_faulted_rules_instead_of_counting_them_as_passed()
    {
        var card = Workflows.Compile(Json)["w"].Score(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);

        card.Faults.Select(f => f.RuleName).Should().Equal("DivideByZero", "NullMember", "UsesBrokenParam", "FirstOfEmpty", "BadNumber");
        card.FiredRules.Select(f => f.RuleName).Should().Equal("Healthy");
    }

    [Fact]
    public void With_EnableExceptionAsErrorMessage_an_expression_that_does_not_compile_fails_its_rule_at_run_time()
    {
        var result = new RuleEngine(new RuleCompilerOptions { EnableExceptionAsErrorMessage = true }).Compile("""
            { "WorkflowName": "w", "Rules": [ { "RuleName": "Broken", "Expression": "officer.Nope > 1" }, { "RuleName": "Fine", "Expression": "true" } ] }
            """, "w.json", Workflows.OfficerAndPeriod);

        result.Succeeded.Should().BeTrue();
        result.Diagnostics.Should().ContainSingle().Which.Severity.Should().Be(Diagnostics.DiagnosticSeverity.Warning);
        var results = result.RuleSet!["w"].Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);
        results[0].IsSuccess.Should().BeFalse();
        results[0].ExceptionMessage.Should().StartWith("Exception while parsing expression `officer.Nope > 1` - unknown member 'Nope' on 'Officer'");
        results[1].IsSuccess.Should().BeTrue();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Global_parameters_after_a_faulted_one_are_still_computed_and_only_its_dependants_fail(bool fuse)
    {
        var workflow = Workflows.Compile("""
            { "WorkflowName": "w",
              "GlobalParams": [ { "Name": "zero", "Expression": "officer.Complaints.Count" },
                                { "Name": "broken", "Expression": "10 / zero" },
                                { "Name": "hours", "Expression": "officer.DutyHours" },
                                { "Name": "alsoBroken", "Expression": "broken + 1" },
                                { "Name": "empty", "Expression": "officer.Complaints.First().Verified" },
                                { "Name": "twice", "Expression": "hours * 2" } ],
              "Rules": [
                { "RuleName": "ReadsBroken", "Expression": "broken > 1" },
                { "RuleName": "ReadsHours", "Expression": "hours > 100" },
                { "RuleName": "ReadsAlsoBroken", "Expression": "alsoBroken > 1" },
                { "RuleName": "ReadsEmpty", "Expression": "empty" },
                { "RuleName": "ReadsTwice", "Expression": "twice == hours * 2" } ] }
            """, new RuleCompilerOptions { FuseScans = fuse })["w"];
        var officer = SampleOfficer.Create();
        officer.Complaints.Should().BeEmpty("the fixture's officer has no complaints, so zero is 0 and First() throws");

        var results = workflow.Execute(Workflows.July2024, officer, OfficerFactory.June2024);

        results.Select(r => (r.Rule.RuleName, r.IsSuccess)).Should().Equal(
            ("ReadsBroken", false), ("ReadsHours", officer.DutyHours > 100), ("ReadsAlsoBroken", false), ("ReadsEmpty", false), ("ReadsTwice", true));
        results[0].ExceptionMessage.Should().Be("Error while executing rule : ReadsBroken - Attempted to divide by zero.");
        results[1].ExceptionMessage.Should().BeNull();
        results[2].ExceptionMessage.Should().Be("Error while executing rule : ReadsAlsoBroken - Attempted to divide by zero.");
        results[3].ExceptionMessage.Should().Be("Error while executing rule : ReadsEmpty - Sequence contains no elements");
        results[4].ExceptionMessage.Should().BeNull();
    }
}
