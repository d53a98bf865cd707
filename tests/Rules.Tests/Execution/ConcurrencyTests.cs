using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Execution;

public class ConcurrencyTests
{
    [Fact]
    public void One_compiled_workflow_scores_officers_on_many_threads_with_the_same_results_as_on_one()
    {
        var workflow = Workflows.Compile(Workflows.OfficerMonthlyJson)["officer-monthly"];
        var officers = OfficerFactory.Generate(2000, seed: 42);
        var sequential = officers.Select(o => workflow.Score(Workflows.July2024, o, OfficerFactory.June2024)).ToArray();

        var parallel = new ScoreCard[officers.Count];
        Parallel.For(0, officers.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            parallel[i] = workflow.Score(Workflows.July2024, officers[i], OfficerFactory.June2024));

        for (var i = 0; i < officers.Count; i++)
        {
            parallel[i].Total.Should().Be(sequential[i].Total);
            parallel[i].FiredRules.Select(f => f.RuleName).Should().Equal(sequential[i].FiredRules.Select(f => f.RuleName));
        }
    }

    [Fact]
    public void A_rule_set_with_errors_is_not_cached_so_a_reformatted_file_reports_its_own_positions()
    {
        var engine = new RuleEngine();
        const string Json = """{ "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "officer.Nope" } ] }""";

        var first = engine.Compile(Json, "a.json", Workflows.OfficerAndPeriod).Diagnostics.Single();
        var second = engine.Compile("\n\n" + Json, "b.json", Workflows.OfficerAndPeriod).Diagnostics.Single();

        first.Line.Should().Be(1);
        second.Line.Should().Be(3);
        second.File.Should().Be("b.json");
    }
}
