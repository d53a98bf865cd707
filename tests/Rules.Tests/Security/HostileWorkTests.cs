using System.Text;
using System.Text.Json;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Security;

/// <summary>Work that allowed members can be made to do: refused before it is allocated, bounded per evaluation, bounded per file.</summary>
public class HostileWorkTests
{
    private static RuleResultTree Run(string expression, RuleCompilerOptions? options = null)
    {
        var json = JsonSerializer.Serialize(new { WorkflowName = "w", Rules = new[] { new { RuleName = "r", Expression = expression } } });
        var set = Workflows.Compile(json, options);
        return set["w"].Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024).Single();
    }

    [Fact]
    public void A_replacement_that_would_build_200_million_characters_fails_before_allocating_them()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = Run("\"x\".PadLeft(10000).Replace(\" \", \"y\".PadLeft(10000)).Length > 0");

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        result.IsSuccess.Should().BeFalse();
        result.ExceptionMessage.Should().Contain("text longer than 10,000 characters");
        allocated.Should().BeLessThan(10_000_000, "the result's length is computed before it is built");
    }

    [Theory]
    [InlineData("\"a\".PadRight(20000).Length > 0")]
    [InlineData("string.Join(\",\", officer.Enforcements.Select(e => \"x\".PadLeft(4000))).Length > 0")]
    [InlineData("string.Concat(\"x\".PadLeft(6000), \"y\".PadLeft(6000)).Length > 0")]
    public void Every_growing_text_member_checks_the_size_first(string expression)
    {
        var result = Run(expression);

        result.IsSuccess.Should().BeFalse();
        result.ExceptionMessage.Should().Contain("text longer than 10,000 characters");
    }

    [Fact]
    public void An_evaluation_that_builds_more_text_than_its_budget_faults_and_the_next_evaluation_starts_afresh()
    {
        // Four enforcements × 9,000 characters: each call is within the per-call limit, together they pass the budget.
        var options = new RuleCompilerOptions { MaxTextWork = 20_000 };
        var json = JsonSerializer.Serialize(new
        {
            WorkflowName = "w",
            Rules = new[]
            {
                new { RuleName = "Heavy", Expression = "officer.Enforcements.Count(e => \"x\".PadLeft(9000).Length > 0) > 0" },
            },
        });
        var workflow = Workflows.Compile(json, options)["w"];
        var light = Workflows.Compile(JsonSerializer.Serialize(new { WorkflowName = "w", Rules = new[] { new { RuleName = "Light", Expression = "\"x\".PadLeft(9000).Length > 0 && \"y\".PadLeft(9000).Length > 0" } } }), options)["w"];

        var heavy = workflow.Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024).Single();
        heavy.IsSuccess.Should().BeFalse();
        heavy.ExceptionMessage.Should().Contain("work budget");

        for (var i = 0; i < 3; i++)
            light.Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024).Single().IsSuccess.Should().BeTrue();
    }

    private static string WithParameters(int count, int rules = 1)
    {
        var text = new StringBuilder("{\"WorkflowName\":\"big\",\"GlobalParams\":[");
        for (var i = 0; i < count; i++)
            text.Append(i == 0 ? "" : ",").Append($"{{\"Name\":\"p{i}\",\"Expression\":\"{(i == 0 ? "officer.DutyHours" : $"p{i - 1} + 1")}\"}}");
        text.Append("],\"Rules\":[");
        for (var i = 0; i < rules; i++)
            text.Append(i == 0 ? "" : ",").Append($"{{\"RuleName\":\"r{i}\",\"Expression\":\"p{count - 1} > {i}\"}}");
        return text.Append("]}").ToString();
    }

    [Fact]
    public void A_file_with_40000_parameters_is_refused_with_a_diagnostic_not_an_exception()
    {
        var result = new RuleEngine().Compile(WithParameters(40_000), "big.json", Workflows.OfficerAndPeriod);

        result.Succeeded.Should().BeFalse();
        var diagnostic = result.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be(DiagnosticCodes.TooMany);
        diagnostic.MessageId.Should().Be(DiagnosticMessages.TooManyParameters.Id);
        diagnostic.Arguments.Should().Equal("40000", "2000");
        diagnostic.Message.Should().Contain("40,000 parameters").And.Contain("at most 2,000");
    }

    [Fact]
    public void A_file_with_more_rules_than_the_limit_is_refused_with_a_diagnostic()
    {
        var result = new RuleEngine(new RuleCompilerOptions { MaxRules = 50 }).Compile(WithParameters(1, rules: 51), "big.json", Workflows.OfficerAndPeriod);

        var diagnostic = result.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.TooMany).Subject;
        diagnostic.MessageId.Should().Be(DiagnosticMessages.TooManyRules.Id);
        diagnostic.Arguments.Should().Equal("51", "50");
    }

    [Fact]
    public void A_file_at_the_parameter_limit_compiles_without_a_limit_diagnostic()
    {
        // How compile time grows with the parameters is measured, not asserted: bench/Engine.Bench --parameters 500,1000,2000.
        var result = new RuleEngine().Compile(WithParameters(2000), "big.json", Workflows.OfficerAndPeriod);

        result.Succeeded.Should().BeTrue(string.Join("; ", result.Diagnostics));
        result.Diagnostics.Should().NotContain(d => d.Code == DiagnosticCodes.TooMany);
    }
}
