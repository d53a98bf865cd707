using System.Diagnostics;
using AssessmentEngine.Engine.Bench.Scoring;
using AssessmentEngine.Engine.Bench.Workload;

namespace AssessmentEngine.Engine.Bench.Measurement;

public sealed record HarnessOptions(int Rounds, int WarmCompiles, TimeSpan MinWarmup);

public sealed record ContenderFigures(
    string Name,
    double? ColdCompileMs,
    double? WarmCompileMs,
    double FirstScoreMs,
    double MedianUsPerOfficer,
    double MinUsPerOfficer,
    double CpuUsPerOfficer,
    double RuleEvaluationsPerSecond,
    double BytesPerOfficer,
    double TwoThreadUsPerOfficer,
    double TwoThreadSpeedup,
    int Disagreements);

/// <summary>
/// Times one contender: compile (cold, then warm on fresh instances), first call, agreement with the
/// reference, then median single-thread rounds with allocations, then two-thread rounds.
/// </summary>
public sealed class Harness(Officer[] officers, Period period, RuleTable rules, ReferenceResults reference, HarnessOptions options)
{
    // Keeps the JIT from discarding scores nobody reads.
    private long _sink;

    public long Checksum => _sink;

    public ContenderFigures Measure(Contender contender)
    {
        // Compile = Prepare() plus the first Score(): RulesEngine-style engines compile lazily on first execution.
        Span<bool> fired = stackalloc bool[rules.Count];
        var stopwatch = Stopwatch.StartNew();
        var scorer = contender.Create();
        scorer.Prepare();
        var prepareMs = stopwatch.Elapsed.TotalMilliseconds;
        stopwatch.Restart();
        _sink += scorer.Score(officers[0], period, fired).Points;
        var firstScoreMs = stopwatch.Elapsed.TotalMilliseconds;

        var (disagreeing, samples) = reference.Disagreements(scorer, officers, period, rules.Names);
        foreach (var sample in samples)
            Console.WriteLine($"  DISAGREE {sample}");

        var warmCompileMs = new List<double>();
        for (var i = 0; i < options.WarmCompiles && scorer.HasCompileStep; i++)
        {
            stopwatch.Restart();
            var fresh = contender.Create();
            fresh.Prepare();
            _sink += fresh.Score(officers[0], period, fired).Points;
            warmCompileMs.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        WarmUp(scorer);
        var (median, min, cpu, bytes) = SingleThread(scorer);
        var twoThreads = TwoThreads(scorer);

        var perOfficer = median * 1e6 / officers.Length;
        return new ContenderFigures(
            scorer.Name,
            scorer.HasCompileStep ? prepareMs + firstScoreMs : null,
            warmCompileMs.Count > 0 ? Median(warmCompileMs) : null,
            firstScoreMs,
            perOfficer,
            min * 1e6 / officers.Length,
            cpu * 1e6 / officers.Length,
            officers.Length * (double)rules.Count / median,
            bytes,
            twoThreads * 1e6 / officers.Length,
            median / twoThreads,
            disagreeing);
    }

    // Enough rounds for tiered compilation to reach its optimised tier (it waits ~100 ms and 30 calls).
    private void WarmUp(IOfficerScorer scorer)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var round = 0; round < 3 || stopwatch.Elapsed < options.MinWarmup; round++)
            _sink += RunRange(scorer, 0, officers.Length);
        for (var round = 0; round < 2; round++)
            TwoThreadRound(scorer);
    }

    // Wall clock and this thread's CPU time: on a shared machine the second leaves out the time spent waiting for a core.
    private (double MedianSeconds, double MinSeconds, double MedianCpuSeconds, double BytesPerOfficer) SingleThread(IOfficerScorer scorer)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var seconds = new List<double>(options.Rounds);
        var cpuSeconds = new List<double>(options.Rounds);
        long allocated = 0;
        for (var round = 0; round < options.Rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = ThreadCpu.Nanoseconds();
            var start = Stopwatch.GetTimestamp();
            _sink += RunRange(scorer, 0, officers.Length);
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            cpuSeconds.Add((ThreadCpu.Nanoseconds() - cpuBefore) / 1e9);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        return (Median(seconds), seconds.Min(), Median(cpuSeconds), allocated / (double)options.Rounds / officers.Length);
    }

    private double TwoThreads(IOfficerScorer scorer)
    {
        GC.Collect();
        var seconds = new List<double>(options.Rounds);
        for (var round = 0; round < options.Rounds; round++)
            seconds.Add(TwoThreadRound(scorer));
        return Median(seconds);
    }

    private double TwoThreadRound(IOfficerScorer scorer)
    {
        var half = officers.Length / 2;
        long first = 0, second = 0;
        var start = Stopwatch.GetTimestamp();
        Parallel.Invoke(
            () => first = RunRange(scorer, 0, half),
            () => second = RunRange(scorer, half, officers.Length));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        _sink += first + second;
        return elapsed;
    }

    private long RunRange(IOfficerScorer scorer, int from, int to)
    {
        Span<bool> fired = stackalloc bool[rules.Count];
        long points = 0;
        for (var i = from; i < to; i++)
            points += scorer.Score(officers[i], period, fired).Points;
        return points;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
