using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Tests.Compatibility;

namespace AssessmentEngine.Rules.Tests.Security;

/// <summary>Every hostile expression is refused when the rule file is loaded, with a message that says why; nothing runs.</summary>
public class HostileExpressionTests
{
    public static TheoryData<string, string> Hostile => new()
    {
        { "officer.GetType().Assembly", "'GetType' is not allowed" },
        { "\"a\".GetType()", "'GetType' is not allowed" },
        { "officer.Id.GetType().Name == \"String\"", "'GetType' is not allowed" },
        { "typeof(System.IO.File)", "'typeof' is not allowed" },
        { "System.IO.File.ReadAllText(\"/etc/passwd\") != null", "'System' is not allowed" },
        { "System.IO.File.Exists(\"/etc/passwd\")", "'System' is not allowed" },
        { "File.Delete(\"/tmp/x\") == null", "'File' is not allowed" },
        { "Environment.Exit(1) == null", "'Environment' is not allowed" },
        { "Environment.GetEnvironmentVariable(\"HOME\") != null", "'Environment' is not allowed" },
        { "System.Diagnostics.Process.Start(\"sh\") != null", "'System' is not allowed" },
        { "Process.Start(\"sh\") != null", "'Process' is not allowed" },
        { "AppDomain.CurrentDomain != null", "'AppDomain' is not allowed" },
        { "Activator.CreateInstance(\"System.Net.WebClient\") != null", "'Activator' is not allowed" },
        { "new System.Net.WebClient() != null", "only arrays" },
        { "new Officer() != null", "only arrays" },
        { "Type.GetType(\"System.IO.File\") != null", "'Type' is not allowed" },
        { "officer.GetType().GetMethod(\"ToString\").Invoke(officer, null) != null", "'GetType' is not allowed" },
        { "officer.Enforcements.GetType().Assembly.Location != \"\"", "'GetType' is not allowed" },
        { "officer.Enforcements.Select(e => e.GetType()).Any()", "'GetType' is not allowed" },
        { "officer.Id.Method != null", "'Method' is not allowed" },
        { "officer.DynamicInvoke() != null", "'DynamicInvoke' is not allowed" },
        { "officer.Squad.Invoke()", "'Invoke' is not allowed" },
        { "officer.DutyHours = 5; true", "unexpected character ';'" },
        { "officer.DutyHours += 5", "assignment '+=' is not allowed" },
        { "officer.Scores[0]++ > 1", "'++' is not allowed" },
        { "--officer.DutyHours > 1", "'--' is not allowed" },
        { "officer.DutyHours -= 1", "assignment '-=' is not allowed" },
        { "Console.WriteLine(\"x\") == null", "'Console' is not allowed" },
        { "GC.Collect() == null", "'GC' is not allowed" },
        { "Assembly.Load(\"x\") != null", "'Assembly' is not allowed" },
        { "Math.GetType() != null", "'GetType' is not allowed" },
        { "DateTime.Now.GetType() != null", "'GetType' is not allowed" },
        { "officer.Enforcements.ToString().Length > 0", "not an allowed method" },
        { "Convert.ChangeType(officer, null) != null", "not an allowed function of 'Convert'" },
        { "string.Format(\"{0}\", officer) != \"\"", "not an allowed function of 'string'" },
        { "Math.Abs(-1) > 0 & true", "'&' is not supported" },
        { "(officer.DutyHours > 1", "expected ')' but found end of expression" },
        { "officer.DutyHours > 1)", "but found ')'" },
        { "officer.Id == \"unterminated", "has no closing \"" },
        { "officer.Id == 'x", "has no closing '" },
        { "Func<int>(() => 1) != null", "expected a value" },
        { "nameof(officer) != \"\"", "'nameof' is not allowed" },
        { "officer.Enforcements.Any(a => officer.Enforcements.Any(b => officer.Enforcements.Any(c => officer.Enforcements.Any(d => d.Fine > a.Fine + b.Fine + c.Fine))))", "list methods are nested more than 2 deep" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_expression_is_refused_at_load_with_a_clear_message(string expression, string expected)
    {
        var diagnostics = ExpressionEvaluator.Diagnose(expression);

        diagnostics.Should().NotBeEmpty();
        diagnostics.Should().Contain(d => d.Message.Contains(expected, StringComparison.Ordinal), string.Join(" | ", diagnostics.Select(d => d.Message)));
        diagnostics.Should().OnlyContain(d => d.Severity == DiagnosticSeverity.Error && d.Rule == "probe");
    }

    [Fact]
    public void Ten_thousand_nested_parentheses_are_refused_without_overflowing_the_stack()
    {
        var expression = new string('(', 10_000) + "1" + new string(')', 10_000) + " == 1";

        ExpressionEvaluator.Diagnose(expression, options: new RuleCompilerOptions { MaxExpressionLength = 100_000 })
            .Should().ContainSingle().Which.Message.Should().Contain("nested more than 64 levels");
    }

    [Theory]
    [InlineData("(", "nested more than 64 levels")]
    [InlineData("!", "nested more than 64 levels")]
    [InlineData("- ", "nested more than 64 levels")]
    [InlineData("-", "'--' is not allowed")]
    public void A_hundred_kilobytes_of_one_prefix_is_refused_without_overflowing_the_stack(string prefix, string expected)
    {
        var expression = string.Concat(Enumerable.Repeat(prefix, 100_000 / prefix.Length)) + "true";

        ExpressionEvaluator.Diagnose(expression, options: new RuleCompilerOptions { MaxExpressionLength = 200_000 })
            .Should().ContainSingle().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void A_single_equals_sign_compares_and_never_assigns()
    {
        var officer = Fixtures.SampleOfficer.Create();

        ExpressionEvaluator.Evaluate("officer.DutyHours = 5", officer, Fixtures.OfficerFactory.June2024).Should().Be(false);
        officer.DutyHours.Should().Be(165.5);
    }

    [Fact]
    public void A_long_member_chain_is_refused_without_overflowing_the_stack()
    {
        var expression = "officer" + string.Concat(Enumerable.Repeat(".Squad", 30_000)) + ".Id == \"x\"";

        ExpressionEvaluator.Diagnose(expression, options: new RuleCompilerOptions { MaxExpressionLength = 300_000 })
            .Should().ContainSingle().Which.Message.Should().Contain("nested more than");
    }

    [Fact]
    public void A_long_flat_chain_of_operators_is_refused_without_overflowing_the_stack()
    {
        var expression = string.Join(" + ", Enumerable.Repeat("1", 40_000)) + " > 0";

        ExpressionEvaluator.Diagnose(expression, options: new RuleCompilerOptions { MaxExpressionLength = 300_000 })
            .Should().ContainSingle().Which.Message.Should().Contain("nested more than");
    }

    [Fact]
    public void An_expression_over_the_length_limit_is_refused()
    {
        var expression = "officer.DutyHours > 1" + string.Concat(Enumerable.Repeat(" && true", 12_500));

        ExpressionEvaluator.Diagnose(expression).Should().ContainSingle().Which.Message.Should().Contain("the limit is 8192");
    }

    [Fact]
    public void A_data_member_whose_type_is_not_a_data_type_cannot_be_read()
    {
        ExpressionEvaluator.Diagnose("holder.Kind != null", [new RuleInput("holder", typeof(ReflectionHolder))])
            .Should().ContainSingle().Which.Message.Should().Contain("member 'Kind' has type 'Type', which rule expressions cannot use");
    }

    [Fact]
    public void Text_that_doubles_through_a_chain_of_parameters_fails_its_rule_instead_of_exhausting_memory_or_time()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            WorkflowName = "w",
            GlobalParams = Enumerable.Range(1, 40).Select(i => new { Name = $"p{i}", Expression = i == 1 ? "\"ab\"" : $"p{i - 1} + p{i - 1}" }),
            Rules = new[]
            {
                new { RuleName = "Huge", Expression = "p40.Length > 0" },
                new { RuleName = "Fine", Expression = "p3.Replace(\"a\", \"x\") == \"xbxbxbxb\"" },
            },
        });

        var results = Fixtures.Workflows.Compile(json)["w"].Execute(Fixtures.Workflows.July2024, Fixtures.SampleOfficer.Create(), Fixtures.OfficerFactory.June2024);

        results[0].ExceptionMessage.Should().Be("Error while executing rule : Huge - text longer than 10,000 characters");
        results[1].IsSuccess.Should().BeTrue();
    }

    public sealed class ReflectionHolder
    {
        public Type Kind { get; set; } = typeof(object);
    }
}
