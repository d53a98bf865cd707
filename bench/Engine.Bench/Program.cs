using System.Globalization;
using System.Runtime;
using AssessmentEngine.Engine.Bench;
using AssessmentEngine.Engine.Bench.Measurement;
using AssessmentEngine.Engine.Bench.Scoring;
using AssessmentEngine.Engine.Bench.Workload;

// dotnet run -c Release --project bench/Engine.Bench -- [--officers 20000] [--rounds 7] [--workload <file|dir>]
//   [--only <name>] [--warmup-ms 1000] [--summary-only] [--distinct-strings] [--profile]
// dotnet run -c Release --project bench/Engine.Bench -- --rules 60 [--out <path>]
// dotnet run -c Release --project bench/Engine.Bench -- --scheme rules/officer-monthly.json --explain [--officers 20000] [--rounds 7]

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = System.Text.Encoding.UTF8;

var arguments = Arguments.Parse(args);
var workflowPath = WorkloadFiles.LocateWorkflow(arguments.Value("--workload"));

if (arguments.Value("--rules") is { } ruleCountText)
{
    var ruleCount = int.Parse(ruleCountText, CultureInfo.InvariantCulture);
    var output = arguments.Value("--out")
        ?? Path.Combine(Path.GetDirectoryName(workflowPath)!, "generated", $"officer-monthly-{ruleCount}.json");
    SyntheticWorkflow.Write(SyntheticWorkflow.Grow(workflowPath, ruleCount), output);
    Console.WriteLine($"Wrote a {ruleCount}-rule workflow to {Path.GetFullPath(output)}");
    Console.WriteLine($"RESULT_WORKFLOW rules={ruleCount} path={Path.GetFullPath(output)}");
    var (coldMs, warmMs, _) = RulesEngineScorer.MeasureCompile(output);
    Console.WriteLine($"engine compile of {ruleCount} rules: cold {coldMs:F1} ms (first in process), warm {warmMs:F1} ms (median of 5 fresh engines)");
    Console.WriteLine($"RESULT_COMPILE rules={ruleCount} cold_ms={coldMs:F1} warm_ms={warmMs:F1}");
    return 0;
}

if (arguments.Value("--parameters") is { } parameterCounts)
{
    // Compile time against the number of chained GlobalParams (p_i = p_{i-1} + 1): linear growth is the target (issue 18).
    // "checked" adds what an upload adds: the portability check through Microsoft RulesEngine's parser.
    Console.WriteLine($"load average {LoadAverage()}");
    var counts = parameterCounts.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
    // The product refuses more than 2,000 parameters (RE0103); the bench lifts that limit to show the growth beyond it.
    var unlimited = new AssessmentEngine.Rules.RuleCompilerOptions { MaxParameters = Math.Max(counts.Max(), 2_000) };
    var times = new List<(CompileTimes Compile, CompileTimes Checked)>();
    foreach (var count in counts)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ae-bench-params-{count}.json");
        File.WriteAllText(file, SyntheticWorkflow.ChainedParameters(count));
        var compile = RulesEngineScorer.MeasureCompile(file, options: unlimited);
        var withCheck = RulesEngineScorer.MeasureCompile(file, withPortability: true, options: unlimited);
        File.Delete(file);
        times.Add((compile, withCheck));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT_PARAMETERS parameters={count} cold_ms={compile.ColdMs:F1} warm_ms={compile.WarmMs:F1} cpu_ms={compile.CpuMs:F1} checked_warm_ms={withCheck.WarmMs:F1} checked_cpu_ms={withCheck.CpuMs:F1}"));
    }
    // Thread CPU time (the least of the fresh compiles) is what the load of a shared machine disturbs least.
    for (var i = 1; i < counts.Count; i++)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parameters x{(double)counts[i] / counts[i - 1]:F1}: compile x{times[i].Compile.CpuMs / times[i - 1].Compile.CpuMs:F2}, compile and check x{times[i].Checked.CpuMs / times[i - 1].Checked.CpuMs:F2} in thread CPU (linear = x{(double)counts[i] / counts[i - 1]:F1})"));
    Console.WriteLine($"load average after {LoadAverage()}");
    return 0;
}

var officerCount = arguments.Int("--officers", 20_000);
var options = new HarnessOptions(
    Rounds: arguments.Int("--rounds", 7),
    WarmCompiles: 3,
    MinWarmup: TimeSpan.FromMilliseconds(arguments.Int("--warmup-ms", 1000)));

Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, "
    + $"latency {GCSettings.LatencyMode}, workflow {workflowPath}");

var period = WorkloadGenerator.June2024;
var officers = new WorkloadGenerator(distinctStrings: arguments.Has("--distinct-strings")).Generate(officerCount).ToArray();

if (arguments.Value("--scheme") is { } schemePath)
{
    if (!arguments.Has("--explain"))
        throw new ArgumentException("--scheme measures explanations; add --explain.");
    Console.WriteLine($"load average {LoadAverage()}");
    var exit = ExplainMeasurement.Run(WorkloadFiles.Locate(schemePath), SchemeWorkload.Generate(officers), SchemeWorkload.June2024, options.Rounds, options.MinWarmup);
    Console.WriteLine($"load average after {LoadAverage()}");
    return exit;
}

var rules = RuleTable.Load(workflowPath);

var linq = new LinqReferenceScorer(rules);
WorkloadSummary.Print(officers, period, rules, linq);
var reference = ReferenceResults.Compute(linq, officers, period, rules.Count);

var contenders = new List<Contender>
{
    new("linq-reference", () => new LinqReferenceScorer(rules)),
    new("fused-reference", () => new FusedReferenceScorer(rules)),
    new("compiled-expressions", () => new CompiledExpressionScorer(rules)),

    // ───────────────────────── ENGINE CONTENDER ─────────────────────────
    // The rules engine of src/Rules, with shared-scan fusion on (its default) and off.
    new("engine", () => new RulesEngineScorer(workflowPath, rules, fuseScans: false)),
    new("engine-fused", () => new RulesEngineScorer(workflowPath, rules, fuseScans: true)),
    new("rulesengine", () => new MicrosoftRulesEngineScorer(workflowPath, rules, fastCompiler: false)),
    new("rulesengine-fast", () => new MicrosoftRulesEngineScorer(workflowPath, rules, fastCompiler: true)),
    // ─────────────────────────────────────────────────────────────────────
};

if (arguments.Has("--summary-only"))
    return 0;

if (arguments.Has("--profile"))
{
    Console.WriteLine($"load average {LoadAverage()}");
    StageProfile.Run(officers, period, rules, workflowPath, options.Rounds, options.MinWarmup);
    Console.WriteLine($"load average after {LoadAverage()}");
    return 0;
}

var only = arguments.Value("--only");
var harness = new Harness(officers, period, rules, reference, options);
var figures = new List<ContenderFigures>();
foreach (var contender in contenders.Where(c => only is null || c.Name == only))
{
    Console.WriteLine($"measuring {contender.Name} ({options.Rounds} rounds over {officerCount:N0} officers), load average {LoadAverage()} ...");
    figures.Add(harness.Measure(contender));
}

Report.Print(figures, officerCount, rules.Count, options.Rounds);
Console.WriteLine($"(checksum {harness.Checksum}; load average after {LoadAverage()}: other processes on these {Environment.ProcessorCount} cores skew the 2-thread figures first)");
return figures.Any(f => f.Disagreements > 0) ? 1 : 0;

// The machine is shared; the 1-minute load tells a reader whether the 2-thread speed-up had both cores.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
