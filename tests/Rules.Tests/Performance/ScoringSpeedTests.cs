using System.Diagnostics;
using AssessmentEngine.Rules.Tests.Fixtures;
using Xunit.Abstractions;

namespace AssessmentEngine.Rules.Tests.Performance;

/// <summary>A smoke check of the fast path; the real benchmark lives with the colleague's bench project.</summary>
public class ScoringSpeedTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Scoring_the_benchmark_workflow_takes_microseconds_per_officer(bool fuse)
    {
        var workflow = Workflows.Compile(Workflows.OfficerMonthlyJson, new RuleCompilerOptions { FuseScans = fuse })["officer-monthly"];
        var officers = OfficerFactory.Generate(20_000, seed: 11);
        var period = OfficerFactory.June2024;
        var context = Workflows.July2024 with { Explain = false };
        var inputs = officers.Select(o => new object?[] { o, period }).ToArray();
        foreach (var input in inputs.Take(2000))
            workflow.Score(context, input);

        var best = double.MaxValue;
        long allocated = 0;
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            foreach (var input in inputs)
                workflow.Score(context, input);
            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            best = Math.Min(best, watch.Elapsed.TotalMicroseconds / inputs.Length);
        }
        output.WriteLine($"fuse={fuse}: {best:F2} µs/officer, {allocated / inputs.Length} B/officer");
        var passWatch = Stopwatch.StartNew();
        var passBefore = GC.GetAllocatedBytesForCurrentThread();
        foreach (var input in inputs)
            workflow.EvaluateOnly(context, input);
        output.WriteLine($"fuse={fuse}: delegate pass only {passWatch.Elapsed.TotalMicroseconds / inputs.Length:F2} µs/officer, {(GC.GetAllocatedBytesForCurrentThread() - passBefore) / inputs.Length} B/officer");
        best.Should().BeLessThan(50, "the compiled delegate must stay in the microsecond range even on a busy shared machine");
        (allocated / inputs.Length).Should().BeLessThan(1024, "a score card without explanations must stay under 1 KB per officer");

        var explained = Workflows.July2024;
        var explainedBefore = GC.GetAllocatedBytesForCurrentThread();
        foreach (var input in inputs)
            workflow.Score(explained, input);
        output.WriteLine($"fuse={fuse}: with explanations {(GC.GetAllocatedBytesForCurrentThread() - explainedBefore) / inputs.Length} B/officer");
    }

    [Fact]
    public void A_sixty_rule_workflow_compiles_in_well_under_a_second()
    {
        var rules = string.Join(",\n", Enumerable.Range(0, 60).Select(i =>
            $$"""{ "RuleName": "R{{i}}", "Expression": "officer.Enforcements.Count(e => e.HasFootage && e.UploadDelayHours > {{i}}) > 1 && officer.DutyHours < {{100 + i}}" }"""));
        var json = $$"""{ "WorkflowName": "sixty{{Guid.NewGuid():N}}", "Rules": [ {{rules}} ] }""";
        Workflows.Compile(Workflows.OfficerMonthlyJson);
        var watch = Stopwatch.StartNew();
        Workflows.Compile(json);
        watch.Stop();
        output.WriteLine($"compile: {watch.ElapsedMilliseconds} ms");
        watch.ElapsedMilliseconds.Should().BeLessThan(1000);
    }
}
