using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Execution;

public class ReferenceTimeTests
{
    private const string Json = """
        { "WorkflowName": "w", "Rules": [
          { "RuleName": "Now", "Expression": "true", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "DateTime.Now" } } } },
          { "RuleName": "Recent", "Expression": "officer.Enforcements.Any(e => (DateTime.Now - e.At).TotalDays < 30)" },
          { "RuleName": "Today", "Expression": "DateTime.Today == DateTime(2024, 7, 1)" },
          { "RuleName": "Offset", "Expression": "DateTimeOffset.Now.Year == 2024 && DateTime.UtcNow.Hour == 18" } ] }
        """;

    [Fact]
    public void DateTime_Now_is_the_reference_time_of_the_evaluation_not_the_machine_clock()
    {
        var workflow = Workflows.Compile(Json)["w"];

        var results = workflow.Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);

        results[0].ActionResult!.Output.Should().Be(new DateTime(2024, 7, 1, 2, 0, 0));
        results.Skip(1).Should().OnlyContain(r => r.IsSuccess);
    }

    [Fact]
    public void The_same_inputs_at_another_reference_time_give_another_answer_and_repeat_exactly()
    {
        var workflow = Workflows.Compile(Json)["w"];
        var later = new EvaluationContext(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var first = workflow.Execute(later, SampleOfficer.Create(), OfficerFactory.June2024);
        var second = workflow.Execute(later, SampleOfficer.Create(), OfficerFactory.June2024);

        first[1].IsSuccess.Should().BeFalse();
        first.Select(r => r.IsSuccess).Should().Equal(second.Select(r => r.IsSuccess));
        first[0].ActionResult!.Output.Should().Be(new DateTime(2025, 1, 1));
    }
}
