namespace AssessmentEngine.Rules.Tests.Fixtures;

public static class Workflows
{
    public static string OfficerMonthlyJson => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "officer-monthly.json"));

    public static readonly RuleInput[] OfficerAndPeriod = [new RuleInput("officer", typeof(Officer)), new RuleInput("period", typeof(Period))];

    public static readonly EvaluationContext July2024 = new(new DateTimeOffset(2024, 7, 1, 2, 0, 0, TimeSpan.FromHours(8)));

    public static RuleSet Compile(string json, RuleCompilerOptions? options = null, params RuleInput[] inputs)
    {
        var result = new RuleEngine(options).Compile(json, "test.json", inputs.Length == 0 ? OfficerAndPeriod : inputs);
        result.Diagnostics.Where(d => d.Severity == Diagnostics.DiagnosticSeverity.Error).Should().BeEmpty();
        return result.RuleSet!;
    }
}
