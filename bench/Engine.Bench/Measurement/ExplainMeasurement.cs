using System.Diagnostics;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Rules;

namespace AssessmentEngine.Engine.Bench.Measurement;

/// <summary>
/// What explanations cost on a shipped scheme: the same officers scored with <see cref="EvaluationContext.Explain"/> off
/// (what the real-time check asks for) and on (what a run stores: rule outcomes, points, evidence ids, parameter values),
/// in alternating rounds so both see the same load. Also checks that both give the same points and fired rules.
/// </summary>
public static class ExplainMeasurement
{
    private static readonly DateTimeOffset Now = new(2024, 6, 30, 23, 59, 59, TimeSpan.FromHours(8));

    public static int Run(string schemePath, OfficerMonth[] officers, PeriodView period, int rounds, TimeSpan minWarmup)
    {
        var result = new RuleEngine().Compile(File.ReadAllText(schemePath), schemePath, [new("officer", typeof(OfficerMonth)), new("period", typeof(PeriodView))]);
        if (result.RuleSet is null)
            throw new InvalidOperationException($"{schemePath} does not compile: {string.Join("; ", result.Diagnostics)}");
        var workflow = result.RuleSet.Workflows[0];
        var plain = new EvaluationContext(Now) { Explain = false };
        var explained = new EvaluationContext(Now) { Explain = true };

        var disagreements = 0;
        long fired = 0, evidence = 0, parameters = 0;
        foreach (var officer in officers)
        {
            var a = workflow.Score(plain, officer, period);
            var b = workflow.Score(explained, officer, period);
            if (a.Total != b.Total || !a.FiredRules.Select(r => r.RuleName).SequenceEqual(b.FiredRules.Select(r => r.RuleName)))
                disagreements++;
            fired += b.FiredRules.Count;
            evidence += b.FiredRules.Sum(r => r.EvidenceIds.Count);
            parameters += b.FiredRules.Sum(r => r.Parameters.Count);
        }
        Console.WriteLine($"scheme {Path.GetFileName(schemePath)} ({workflow.Definition.Rules.Count} rules), {officers.Length:N0} officers: "
            + $"{fired / (double)officers.Length:F2} fired rules, {evidence / (double)officers.Length:F2} evidence ids and {parameters / (double)officers.Length:F2} parameter values per officer");

        long sink = 0;
        double Round(EvaluationContext context, out double bytes, out double cpu)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = ThreadCpu.Nanoseconds();
            var start = Stopwatch.GetTimestamp();
            foreach (var officer in officers)
                sink += workflow.Score(context, officer, period).FiredRules.Count;
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu = (ThreadCpu.Nanoseconds() - cpuBefore) / 1e3 / officers.Length;
            bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)officers.Length;
            return seconds * 1e6 / officers.Length;
        }

        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < 3 || warmup.Elapsed < minWarmup; i++)
        {
            Round(plain, out _, out _);
            Round(explained, out _, out _);
        }
        var off = new List<double>();
        var on = new List<double>();
        var offCpu = new List<double>();
        var onCpu = new List<double>();
        double offBytes = 0, onBytes = 0;
        GC.Collect();
        for (var i = 0; i < rounds; i++)
        {
            off.Add(Round(plain, out offBytes, out var cpu));
            offCpu.Add(cpu);
            on.Add(Round(explained, out onBytes, out cpu));
            onCpu.Add(cpu);
        }
        var offMedian = Median(off);
        var onMedian = Median(on);
        Console.WriteLine();
        var offCpuMedian = Median(offCpu);
        var onCpuMedian = Median(onCpu);
        Console.WriteLine("| scoring | µs/officer (median) | min | thread CPU µs/officer (median) | bytes/officer |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| explanations off | {offMedian:F3} | {off.Min():F3} | {offCpuMedian:F3} | {offBytes:F0} |");
        Console.WriteLine($"| explanations on | {onMedian:F3} | {on.Min():F3} | {onCpuMedian:F3} | {onBytes:F0} |");
        Console.WriteLine();
        Console.WriteLine($"explanations cost {onMedian / offMedian:F2}× (median; min {on.Min() / off.Min():F2}×; thread CPU {onCpuMedian / offCpuMedian:F2}×), target ≤ 1.3×; {disagreements} disagreements (checksum {sink})");
        Console.WriteLine($"RESULT_EXPLAIN scheme={Path.GetFileName(schemePath)} officers={officers.Length} us_per_officer_off={offMedian:F4} us_per_officer_on={onMedian:F4} ratio={onMedian / offMedian:F3} ratio_min={on.Min() / off.Min():F3} cpu_ratio={onCpuMedian / offCpuMedian:F3} bytes_off={offBytes:F0} bytes_on={onBytes:F0} disagreements={disagreements}");
        return disagreements == 0 ? 0 : 1;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
