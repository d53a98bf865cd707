using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Execution;

public class ScanFusionEquivalenceTests
{
    private const string Json = """
        { "WorkflowName": "fusion",
          "GlobalParams": [
            { "Name": "footage", "Expression": "officer.Enforcements.Count(e => e.HasFootage)" },
            { "Name": "maxDelay", "Expression": "officer.Enforcements.Max(e => e.UploadDelayHours)" },
            { "Name": "fines", "Expression": "officer.Enforcements.Sum(e => e.Fine)" },
            { "Name": "firstClosedDay", "Expression": "officer.Cases.Min(c => c.ClosedAt)" } ],
          "Rules": [
            { "RuleName": "Footage", "Expression": "footage * 1.0 / officer.Enforcements.Count > 0.9" },
            { "RuleName": "Delay", "Expression": "maxDelay > 24" },
            { "RuleName": "Fines", "Expression": "fines > 2000" },
            { "RuleName": "AnyDrunk", "Expression": "officer.Kind == \"辅警\" && officer.Enforcements.Any(e => e.Code == \"drunk\")" },
            { "RuleName": "AllPenalized", "Expression": "officer.Enforcements.All(e => e.PenaltyIssued)" },
            { "RuleName": "MinFine", "Expression": "officer.Enforcements.Min(e => e.Fine) == 0" },
            { "RuleName": "ThrowingPredicate", "Expression": "officer.Cases.Any(c => c.ClosedAt.Value.Day > 20)" },
            { "RuleName": "CasesCount", "Expression": "officer.Cases.Count(c => c.Kind == \"admin\") > 2" },
            { "RuleName": "ClosedEarly", "Expression": "firstClosedDay < period.Start" },
            { "RuleName": "EmptyMax", "Expression": "officer.Complaints.Count(c => c.Verified) >= 0 && officer.Commendations.Max(c => c.Level.Length) > 5" },
            { "RuleName": "Late", "Expression": "officer.Attendance.Count(a => a.Status == \"late\") >= 1 || officer.Attendance.All(a => a.Day < DateTime.Now)" } ] }
        """;

    [Fact]
    public void Fused_and_unfused_evaluation_give_identical_results_on_random_officers()
    {
        var fused = Workflows.Compile(Json, new RuleCompilerOptions { FuseScans = true })["fusion"];
        var unfused = Workflows.Compile(Json, new RuleCompilerOptions { FuseScans = false })["fusion"];
        fused.FusedLoops.Should().Be(3, "Enforcements, Cases and Attendance are each scanned by several aggregates");
        unfused.FusedLoops.Should().Be(0);
        var officers = OfficerFactory.Generate(400, seed: 99);
        officers[0].Enforcements.Clear();
        officers[1].Cases.Clear();
        officers[2].Enforcements = null!;

        foreach (var officer in officers)
        {
            var a = fused.Execute(Workflows.July2024, officer, OfficerFactory.June2024);
            var b = unfused.Execute(Workflows.July2024, officer, OfficerFactory.June2024);
            a.Select(r => (r.Rule.RuleName, r.IsSuccess, r.ExceptionMessage)).Should().Equal(b.Select(r => (r.Rule.RuleName, r.IsSuccess, r.ExceptionMessage)), officer.Id);
        }
    }

    [Fact]
    public void Fused_and_unfused_scoring_of_the_benchmark_workflow_agree()
    {
        var fused = Workflows.Compile(Workflows.OfficerMonthlyJson, new RuleCompilerOptions { FuseScans = true })["officer-monthly"];
        var unfused = Workflows.Compile(Workflows.OfficerMonthlyJson, new RuleCompilerOptions { FuseScans = false })["officer-monthly"];
        fused.FusedLoops.Should().Be(5);

        foreach (var officer in OfficerFactory.Generate(500, seed: 5))
        {
            var a = fused.Score(Workflows.July2024, officer, OfficerFactory.June2024);
            var b = unfused.Score(Workflows.July2024, officer, OfficerFactory.June2024);
            a.Total.Should().Be(b.Total);
            a.FiredRules.Select(f => f.RuleName).Should().Equal(b.FiredRules.Select(f => f.RuleName));
        }
    }
}
