using System.Diagnostics;
using AssessmentEngine.Engine.Bench.Scoring;
using AssessmentEngine.Engine.Bench.Workload;

namespace AssessmentEngine.Engine.Bench.Measurement;

/// <summary>
/// Where engine-fused's time per officer goes, stage by stage, in alternating rounds on one thread: the compiled pass
/// alone (inputs checked, run buffer reset, the workflow's delegate), then with the score card, then with the bench's
/// mapping of fired rules to its own slots (the contender as measured); the hand-fused loop for scale. Each stage's
/// thread-CPU median minus the one before it is what that stage adds.
/// </summary>
public static class StageProfile
{
    public static void Run(Officer[] officers, Period period, RuleTable rules, string workflowPath, int rounds, TimeSpan minWarmup)
    {
        var engine = new RulesEngineScorer(workflowPath, rules, fuseScans: true);
        engine.Prepare();
        var reference = new FusedReferenceScorer(rules);
        var workflow = engine.Workflow;
        var context = RulesEngineScorer.ScoringContext;
        var inputs = new object?[2];
        var fired = new bool[rules.Count];
        long sink = 0;

        var stages = new (string Name, Func<Officer, long> Score)[]
        {
            ("fused-reference", officer => reference.Score(officer, period, fired).Points),
            ("compiled pass (EvaluateOnly)", officer =>
            {
                inputs[0] = officer;
                inputs[1] = period;
                workflow.EvaluateOnly(context, inputs);
                return 0;
            }),
            ("+ score card (CompiledWorkflow.Score)", officer =>
            {
                inputs[0] = officer;
                inputs[1] = period;
                return workflow.Score(context, inputs).FiredRules.Count;
            }),
            ("+ bench mapping (engine-fused contender)", officer => engine.Score(officer, period, fired).Points),
        };

        (double Cpu, double Bytes) Round(Func<Officer, long> score)
        {
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var cpu = ThreadCpu.Nanoseconds();
            foreach (var officer in officers)
                sink += score(officer);
            return ((ThreadCpu.Nanoseconds() - cpu) / 1e3 / officers.Length, (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)officers.Length);
        }

        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < 3 || warmup.Elapsed < minWarmup; i++)
            foreach (var stage in stages)
                Round(stage.Score);
        var cpu = stages.Select(_ => new List<double>()).ToArray();
        var allocated = new double[stages.Length];
        for (var round = 0; round < rounds; round++)
            for (var s = 0; s < stages.Length; s++)
            {
                var (time, bytes) = Round(stages[s].Score);
                cpu[s].Add(time);
                allocated[s] = bytes;
            }

        Console.WriteLine("| stage | thread CPU µs/officer (median) | adds | bytes/officer |");
        Console.WriteLine("|---|---:|---:|---:|");
        double? previous = null;
        for (var s = 0; s < stages.Length; s++)
        {
            var median = Median(cpu[s]);
            var adds = s <= 1 ? "" : $"{median - previous!.Value:F3}";
            Console.WriteLine($"| {stages[s].Name} | {median:F3} | {adds} | {allocated[s]:F1} |");
            previous = median;
        }
        Console.WriteLine($"RESULT_PROFILE reference={Median(cpu[0]):F4} pass={Median(cpu[1]):F4} card={Median(cpu[2]):F4} contender={Median(cpu[3]):F4} ratio={Median(cpu[3]) / Median(cpu[0]):F3} (checksum {sink})");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
