using System.Globalization;

namespace AssessmentEngine.Engine.Bench.Measurement;

public static class Report
{
    public static void Print(IReadOnlyList<ContenderFigures> figures, int officers, int rules, int rounds)
    {
        Console.WriteLine();
        Console.WriteLine($"{officers:N0} officers × {rules} rules, one thread unless stated, median of {rounds} rounds");
        Console.WriteLine("| contender | µs/officer (median) | min | thread CPU µs/officer (median) | rule evals/s | bytes/officer | 2 threads µs/officer | speed-up | compile cold ms | compile warm ms | first call (cold) ms | disagreements |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in figures)
        {
            Console.WriteLine(
                $"| {f.Name} | {f.MedianUsPerOfficer:F3} | {f.MinUsPerOfficer:F3} | {f.CpuUsPerOfficer:F3} | {f.RuleEvaluationsPerSecond / 1e6:F1} M | {f.BytesPerOfficer:F1} "
                + $"| {f.TwoThreadUsPerOfficer:F3} | {f.TwoThreadSpeedup:F2}× | {Ms(f.ColdCompileMs)} | {Ms(f.WarmCompileMs)} | {f.FirstScoreMs:F3} | {f.Disagreements} |");
        }
        if (figures.FirstOrDefault(f => f.Name == "fused-reference") is { } floor)
        {
            foreach (var f in figures.Where(f => f.Name.StartsWith("engine", StringComparison.Ordinal)))
                Console.WriteLine($"{f.Name} / fused-reference: {f.MedianUsPerOfficer / floor.MedianUsPerOfficer:F2}× (median), {f.MinUsPerOfficer / floor.MinUsPerOfficer:F2}× (min), {f.CpuUsPerOfficer / floor.CpuUsPerOfficer:F2}× (thread CPU)");
        }
        Console.WriteLine();
        foreach (var f in figures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT name={f.Name} officers={officers} rules={rules} us_per_officer={f.MedianUsPerOfficer:F4} us_per_officer_min={f.MinUsPerOfficer:F4} cpu_us_per_officer={f.CpuUsPerOfficer:F4} "
                + $"rule_evals_per_sec={f.RuleEvaluationsPerSecond:F0} allocs_per_officer={f.BytesPerOfficer:F1} us_per_officer_2t={f.TwoThreadUsPerOfficer:F4} "
                + $"speedup_2t={f.TwoThreadSpeedup:F3} compile_cold_ms={Ms(f.ColdCompileMs)} compile_warm_ms={Ms(f.WarmCompileMs)} "
                + $"first_call_ms={f.FirstScoreMs:F3} disagreements={f.Disagreements}"));
        }
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "n/a";
}
