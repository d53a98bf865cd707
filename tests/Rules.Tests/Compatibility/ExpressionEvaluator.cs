using System.Text.Json;
using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Compatibility;

/// <summary>Evaluates one expression through the public API: as the OutputExpression of an always-true rule.</summary>
public static class ExpressionEvaluator
{
    private static readonly RuleEngine Engine = new();

    public static object? Evaluate(string expression, params object?[] inputs) => Evaluate(expression, Workflows.OfficerAndPeriod, Workflows.July2024, inputs.Length == 0 ? [SampleOfficer.Create(), OfficerFactory.June2024] : inputs);

    public static object? Evaluate(string expression, RuleInput[] declarations, EvaluationContext context, object?[] inputs)
    {
        var json = JsonSerializer.Serialize(new
        {
            WorkflowName = "probe",
            Rules = new[] { new { RuleName = "probe", Expression = "true", Actions = new { OnSuccess = new { Name = "OutputExpression", Context = new { Expression = expression } } } } },
        });
        var compiled = Engine.Compile(json, "probe.json", declarations);
        compiled.Diagnostics.Should().BeEmpty(expression);
        var result = compiled.RuleSet!["probe"].Execute(context, inputs).Single();
        result.ActionResult!.Exception.Should().BeNull(expression);
        return result.ActionResult.Output;
    }

    public static IReadOnlyList<Diagnostics.Diagnostic> Diagnose(string expression, RuleInput[]? declarations = null, RuleCompilerOptions? options = null)
    {
        var json = JsonSerializer.Serialize(new { WorkflowName = "probe", Rules = new[] { new { RuleName = "probe", Expression = expression } } });
        return new RuleEngine(options).Compile(json, "probe.json", declarations ?? Workflows.OfficerAndPeriod).Diagnostics;
    }
}
