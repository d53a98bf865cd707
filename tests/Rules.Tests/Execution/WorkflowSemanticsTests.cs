using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Execution;

public class WorkflowSemanticsTests
{
    private static IReadOnlyList<RuleResultTree> Run(string json, params object?[] inputs) =>
        Workflows.Compile(json).Workflows[0].Execute(Workflows.July2024, inputs.Length == 0 ? [SampleOfficer.Create(), OfficerFactory.June2024] : inputs);

    [Fact]
    public void Nested_And_and_Or_rules_combine_their_children_and_list_them()
    {
        var results = Run("""
            { "WorkflowName": "w", "Rules": [
              { "RuleName": "Both", "Operator": "And", "Rules": [
                  { "RuleName": "IsLeader", "Expression": "officer.IsSquadLeader" },
                  { "RuleName": "LongHours", "Expression": "officer.DutyHours > 170" } ] },
              { "RuleName": "Either", "Operator": "Or", "Rules": [
                  { "RuleName": "IsLeader2", "Expression": "officer.IsSquadLeader" },
                  { "RuleName": "LongHours2", "Expression": "officer.DutyHours > 170" } ] } ] }
            """);

        results[0].IsSuccess.Should().BeFalse();
        results[0].ChildResults!.Select(c => (c.Rule.RuleName, c.IsSuccess)).Should().Equal(("IsLeader", true), ("LongHours", false));
        results[1].IsSuccess.Should().BeTrue();
        results[1].ChildResults.Should().HaveCount(2);
    }

    [Fact]
    public void AndAlso_stops_at_the_first_failing_child_and_lists_only_the_evaluated_ones()
    {
        var results = Run("""
            { "WorkflowName": "w", "Rules": [
              { "RuleName": "Chain", "Operator": "AndAlso", "Rules": [
                  { "RuleName": "A", "Expression": "false" },
                  { "RuleName": "B", "Expression": "1 / 0 == 1" } ] },
              { "RuleName": "Any", "Operator": "OrElse", "Rules": [
                  { "RuleName": "C", "Expression": "true" },
                  { "RuleName": "D", "Expression": "false" } ] } ] }
            """);

        results[0].IsSuccess.Should().BeFalse();
        results[0].ChildResults!.Select(c => c.Rule.RuleName).Should().Equal("A");
        results[1].IsSuccess.Should().BeTrue();
        results[1].ChildResults!.Select(c => c.Rule.RuleName).Should().Equal("C");
    }

    [Fact]
    public void Local_params_are_scoped_to_their_rule_and_visible_to_its_children()
    {
        var compiled = new RuleEngine().Compile("""
            { "WorkflowName": "w", "Rules": [
              { "RuleName": "Parent", "Operator": "And",
                "LocalParams": [ { "Name": "hours", "Expression": "officer.DutyHours" } ],
                "Rules": [ { "RuleName": "Child", "Expression": "hours > 100" } ] },
              { "RuleName": "Other", "Expression": "hours > 100" } ] }
            """, "scoped.json", Workflows.OfficerAndPeriod);

        compiled.Succeeded.Should().BeFalse();
        compiled.Diagnostics.Should().ContainSingle().Which.Rule.Should().Be("Other");
        compiled.Diagnostics[0].Message.Should().Contain("unknown name 'hours'");
    }

    [Fact]
    public void Global_params_are_evaluated_once_and_visible_everywhere_including_later_params()
    {
        var results = Run("""
            { "WorkflowName": "w",
              "GlobalParams": [ { "Name": "fines", "Expression": "officer.Enforcements.Sum(e => e.Fine)" },
                                { "Name": "bigFines", "Expression": "fines > 300" } ],
              "Rules": [ { "RuleName": "Big", "Expression": "bigFines",
                           "LocalParams": [ { "Name": "half", "Expression": "fines / 2" } ],
                           "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "half" } } } } ] }
            """);

        results[0].IsSuccess.Should().BeTrue();
        results[0].ActionResult!.Output.Should().Be(175m);
        results[0].Inputs["fines"].Should().Be(350m);
        results[0].Inputs["half"].Should().Be(175m);
    }

    [Fact]
    public void OutputExpression_runs_on_failure_too()
    {
        var results = Run("""
            { "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "false",
              "Actions": { "OnFailure": { "Name": "OutputExpression", "Context": { "Expression": "officer.Id + \"!\"" } } } } ] }
            """);

        results[0].ActionResult!.Output.Should().Be("O1!");
    }

    [Fact]
    public void A_failed_rule_reports_its_ErrorMessage_with_placeholders_filled_in()
    {
        var results = Run("""
            { "WorkflowName": "w",
              "GlobalParams": [ { "Name": "lateCount", "Expression": "officer.Attendance.Count(a => a.Status == \"late\")" } ],
              "Rules": [ { "RuleName": "NoLate", "Expression": "lateCount == 0",
                           "ErrorMessage": "Officer $(officer.Id) was late $(lateCount) times ($(unknown))" },
                         { "RuleName": "Ok", "Expression": "true", "ErrorMessage": "never shown", "SuccessEvent": "fine" } ] }
            """);

        results[0].IsSuccess.Should().BeFalse();
        results[0].ExceptionMessage.Should().Be("Officer O1 was late 1 times ($(unknown))");
        results[1].ExceptionMessage.Should().BeNull();
        results[1].SuccessEvent.Should().Be("fine");
    }

    [Fact]
    public void Disabled_rules_are_absent_from_the_results()
    {
        var results = Run("""
            { "WorkflowName": "w", "Rules": [ { "RuleName": "On", "Expression": "true" },
                                              { "RuleName": "Off", "Expression": "true", "Enabled": false } ] }
            """);

        results.Select(r => r.Rule.RuleName).Should().Equal("On");
    }

    [Fact]
    public void WorkflowsToInject_merges_the_rules_and_params_of_other_workflows()
    {
        var set = Workflows.Compile("""
            [ { "WorkflowName": "main", "WorkflowsToInject": ["shared"], "Rules": [ { "RuleName": "Own", "Expression": "limit > 100" } ] },
              { "WorkflowName": "shared", "GlobalParams": [ { "Name": "limit", "Expression": "officer.DutyHours" } ],
                "Rules": [ { "RuleName": "Shared", "Expression": "limit < 200" } ] } ]
            """);

        var results = set["main"].Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024);

        results.Select(r => (r.Rule.RuleName, r.IsSuccess)).Should().Equal(("Own", true), ("Shared", true));
    }

    [Fact]
    public void EvaluateRule_runs_a_rule_of_another_workflow()
    {
        var set = Workflows.Compile("""
            [ { "WorkflowName": "main", "Rules": [ { "RuleName": "Start", "Expression": "true",
                "Actions": { "OnSuccess": { "Name": "EvaluateRule", "Context": { "WorkflowName": "second", "ruleName": "Check" } } } } ] },
              { "WorkflowName": "second", "Rules": [ { "RuleName": "Check", "Expression": "officer.Kind == \"民警\"",
                "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "\"checked \" + officer.Id" } } } } ] } ]
            """);

        var result = set["main"].Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024).Single();

        result.ActionResult!.Output.Should().Be("checked O1");
        result.ActionResult.Results!.Single().IsSuccess.Should().BeTrue();
    }

    [Fact]
    public void With_a_single_input_bare_members_resolve_against_it()
    {
        var set = Workflows.Compile("""
            { "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "DutyHours > 100 && Enforcements.Any(e => e.HasFootage) && officer.Id == Id" } ] }
            """, null, new RuleInput("officer", typeof(Officer)));

        set["w"].Execute(Workflows.July2024, SampleOfficer.Create()).Single().IsSuccess.Should().BeTrue();
    }

    [Fact]
    public void Positional_inputs_are_named_input1_to_inputN()
    {
        var set = Workflows.Compile("""
            { "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "input1.DutyHours > 100 && input2.Start.Month == 6" } ] }
            """, null, RuleInput.Positional(typeof(Officer), typeof(Period)));

        set["w"].Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024).Single().IsSuccess.Should().BeTrue();
    }

    [Fact]
    public void Host_registered_functions_can_be_called_by_name()
    {
        var options = new RuleCompilerOptions().RegisterFunction("WorkingDays", (DateTime from, DateTime to) =>
            Enumerable.Range(0, (to - from).Days).Count(d => from.AddDays(d).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
        var set = Workflows.Compile("""
            { "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "WorkingDays(period.Start, period.End) == 20" } ] }
            """, options);

        set["w"].Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024).Single().IsSuccess.Should().BeTrue();
    }

    [Fact]
    public void A_rule_set_is_compiled_once_per_content_and_identified_by_its_hash()
    {
        var engine = new RuleEngine();
        var first = engine.Compile(Workflows.OfficerMonthlyJson, "a.json", Workflows.OfficerAndPeriod);
        var reformatted = engine.Compile(Workflows.OfficerMonthlyJson.Replace("\n", "\n  ", StringComparison.Ordinal), "b.json", Workflows.OfficerAndPeriod);
        var changed = engine.Compile(Workflows.OfficerMonthlyJson.Replace("< 0.95", "< 0.96", StringComparison.Ordinal), "c.json", Workflows.OfficerAndPeriod);

        first.VersionHash.Should().MatchRegex("^[0-9a-f]{64}$");
        reformatted.RuleSet.Should().BeSameAs(first.RuleSet);
        changed.VersionHash.Should().NotBe(first.VersionHash);
    }

    [Fact]
    public void EvaluateRule_actions_that_form_a_cycle_end_in_a_failed_action()
    {
        var set = Workflows.Compile("""
            [ { "WorkflowName": "ping", "Rules": [ { "RuleName": "P", "Expression": "true",
                "Actions": { "OnSuccess": { "Name": "EvaluateRule", "Context": { "WorkflowName": "pong", "ruleName": "Q" } } } } ] },
              { "WorkflowName": "pong", "Rules": [ { "RuleName": "Q", "Expression": "true",
                "Actions": { "OnSuccess": { "Name": "EvaluateRule", "Context": { "WorkflowName": "ping", "ruleName": "P" } } } } ] } ]
            """);

        var result = set["ping"].Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024).Single();

        result.IsSuccess.Should().BeTrue();
        var innermost = result.ActionResult!;
        while (innermost.Results?.Single().ActionResult is { } next)
            innermost = next;
        innermost.Exception!.Message.Should().Contain("nested more than 8 deep");
    }

    [Fact]
    public void Chosen_static_methods_of_a_host_class_can_be_registered()
    {
        var options = new RuleCompilerOptions().RegisterFunctions(typeof(DutyCalendar), nameof(DutyCalendar.IsHoliday));
        var set = Workflows.Compile("""
            { "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "officer.Attendance.Any(a => IsHoliday(a.Day) || DutyCalendar.IsHoliday(a.Day))" } ] }
            """, options);

        set["w"].Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024).Single().IsSuccess.Should().BeFalse();
        new RuleEngine(options).Compile("""{ "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "Secret() == 1" } ] }""", "w.json", Workflows.OfficerAndPeriod)
            .Diagnostics.Single().Message.Should().Be("unknown function 'Secret'");
    }

    public static class DutyCalendar
    {
        public static bool IsHoliday(DateTime day) => day.Month == 10 && day.Day <= 7;

        public static int Secret() => 1;
    }

    [Fact]
    public void Inputs_of_the_wrong_type_or_count_are_refused_before_any_rule_runs()
    {
        var set = Workflows.Compile("""{ "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "limit > 1" } ] }""", null, new RuleInput("limit", typeof(int)));

        set["w"].Execute(Workflows.July2024, 5).Single().IsSuccess.Should().BeTrue();
        set["w"].Invoking(w => w.Execute(Workflows.July2024, [null])).Should().Throw<ArgumentException>().WithMessage("*cannot be null*");
        set["w"].Invoking(w => w.Score(Workflows.July2024, "5")).Should().Throw<ArgumentException>().WithMessage("*must be Int32*");
        set["w"].Invoking(w => w.Score(Workflows.July2024, 1, 2)).Should().Throw<ArgumentException>().WithMessage("*expects 1 input*");
    }
}
