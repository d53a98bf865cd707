using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AssessmentEngine.Interlock.Bench;

// Open-loop load generator for POST /api/checks/{workflow}, or for GET requests (see bench/README.md):
// dotnet run -c Release --project bench/Interlock.Bench -- --url http://127.0.0.1:5080 --token ae_… [--rates 100,1000]
//   [--seconds 30] [--warmup-seconds 10] [--connections 64] [--workflow penalty-interlock] [--officers 1-140] [--blocked 0.2]
//   [--app-pid N]  (the server's process: its CPU seconds per request are printed too)
//   [--get /api/dashboard,/api/dashboard?unitId=2]  (GET these paths in turn instead of posting checks; bench/dashboard.sh)
//   [--baseline /api/auth/me]  (the same as --get, kept for the interlock's comparison runs)
// Loopback only: a generator pointed at another host would be a load test of someone else's server.

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = Encoding.UTF8;

var options = Options.Parse(args);
if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || !url.IsLoopback)
{
    Console.Error.WriteLine($"--url must be a loopback address (127.0.0.1, ::1, localhost); got {options.Url}");
    return 2;
}
using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Connections,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    UseCookies = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
};
using var client = new HttpClient(handler) { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(30) };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
PenaltyEvents? events = new PenaltyEvents(options.Officers, options.BlockedShare);
Uri[] targets = [new Uri($"/api/checks/{Uri.EscapeDataString(options.Workflow)}", UriKind.Relative)];
// --get (or --baseline) GETs the given paths in turn at the same rates: the dashboard, or an endpoint that only authenticates.
if (options.Get is { } paths)
{
    targets = paths.Split(',').Select(p => new Uri(p, UriKind.Relative)).ToArray();
    events = null;
}
var target = targets[0];

// One request first: a wrong token, workflow or officer range should fail loudly, not as 100 % errors.
foreach (var first in targets)
{
    using var probe = events is null ? await client.GetAsync(first) : await client.PostAsync(first, events.Content(0));
    var body = await probe.Content.ReadAsStringAsync();
    Console.WriteLine($"probe {first}: {(int)probe.StatusCode} {body.Length} bytes {body[..Math.Min(body.Length, 200)]}");
    if (probe.StatusCode != HttpStatusCode.OK && options.Baseline is null)
        return 1;
}

Console.WriteLine($"target {options.Url}{target}{(targets.Length > 1 ? $" and {targets.Length - 1} more" : "")} · {options.Connections} connections · officers {options.Officers.First()}–{options.Officers.Last()} · {options.BlockedShare:P0} blocked events · {Environment.ProcessorCount} cores · load average {LoadAverage.Read()}");
var warmupRate = options.Rates.Max();
Console.WriteLine($"warm-up: {options.WarmupSeconds} s at {warmupRate} rps (not measured)");
await OpenLoop.RunAsync(client, targets, events, warmupRate, TimeSpan.FromSeconds(options.WarmupSeconds));

foreach (var rate in options.Rates)
{
    var loadBefore = LoadAverage.Read();
    var cpuBefore = ServerCpu.Read(options.AppPid);
    var run = await OpenLoop.RunAsync(client, targets, events, rate, TimeSpan.FromSeconds(options.Seconds));
    var cpuAfter = ServerCpu.Read(options.AppPid);
    var loadAfter = LoadAverage.Read();
    run.Print(rate, loadBefore, loadAfter);
    if (cpuBefore is { } before && cpuAfter is { } after)
    {
        // The server's own CPU per check does not depend on what the neighbours run; the latencies do.
        var seconds = after - before;
        Console.WriteLine(FormattableString.Invariant($"server CPU: {seconds:F2} s for {run.Count} checks = {seconds * 1000 / run.Count:F3} ms per check ({seconds / run.Total.TotalSeconds:P0} of one core)"));
        Console.WriteLine(FormattableString.Invariant($"RESULT_CPU rate={rate} cpu_ms_per_check={seconds * 1000 / run.Count:F3}"));
    }
}
return 0;

namespace AssessmentEngine.Interlock.Bench
{
    /// <summary>
    /// Sends requests on a fixed schedule (request i is due at start + i / rate) whatever the responses do, so a slow answer
    /// cannot hold back the requests behind it (no coordinated omission). Latency counts from the moment a request was due;
    /// service time from the moment it was actually handed to HttpClient; the difference is queueing in the generator,
    /// the connection pool and the server.
    /// </summary>
    internal static class OpenLoop
    {
        public static async Task<RunResult> RunAsync(HttpClient client, Uri[] targets, PenaltyEvents? events, int rate, TimeSpan duration)
        {
            var count = (int)(rate * duration.TotalSeconds);
            var latency = new double[count];
            var service = new double[count];
            var lag = new double[count];
            var status = new int[count];
            var allowed = new bool[count];
            var pending = new Task[count];
            var clock = Stopwatch.StartNew();
            var ticksPerRequest = (double)Stopwatch.Frequency / rate;
            var origin = Stopwatch.GetTimestamp();
            // The schedule runs on its own thread: it sleeps in 1 ms steps and sends everything that has fallen due.
            var scheduler = new Thread(() =>
            {
                for (var i = 0; i < count; i++)
                {
                    var due = origin + (long)(i * ticksPerRequest);
                    while (Stopwatch.GetTimestamp() < due)
                        Thread.Sleep(1);
                    var index = i;
                    pending[i] = SendAsync(client, targets[i % targets.Length], events, index, due, latency, service, lag, status, allowed);
                }
            })
            { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "open-loop schedule" };
            scheduler.Start();
            await Task.Run(scheduler.Join);
            var scheduled = clock.Elapsed;
            await Task.WhenAll(pending);
            return new RunResult(count, scheduled, clock.Elapsed, latency, service, lag, status, allowed);
        }

        private static async Task SendAsync(HttpClient client, Uri target, PenaltyEvents? events, int index, long due,
            double[] latency, double[] service, double[] lag, int[] status, bool[] allowed)
        {
            await Task.Yield();
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var response = events is null
                    ? await client.GetAsync(target).ConfigureAwait(false)
                    : await client.PostAsync(target, events.Content(index)).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                status[index] = (int)response.StatusCode;
                allowed[index] = body.AsSpan().IndexOf("\"allowed\":true"u8) >= 0;
            }
#pragma warning disable CA1031 // Every failure is counted as an error of the run, never thrown out of the generator.
            catch (Exception)
#pragma warning restore CA1031
            {
                status[index] = -1;
            }
            var done = Stopwatch.GetTimestamp();
            latency[index] = Milliseconds(done - due);
            service[index] = Milliseconds(done - sent);
            lag[index] = Milliseconds(sent - due);
        }

        private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
    }

    internal sealed record RunResult(int Count, TimeSpan Scheduled, TimeSpan Total, double[] Latency, double[] Service, double[] Lag, int[] Status, bool[] Allowed)
    {
        public void Print(int rate, string loadBefore, string loadAfter)
        {
            var ok = Status.Count(s => s == 200);
            var errors = Count - ok;
            var byStatus = string.Join(", ", Status.Where(s => s != 200).GroupBy(s => s).Select(g => $"{(g.Key < 0 ? "exception" : g.Key.ToString(CultureInfo.InvariantCulture))}×{g.Count()}"));
            var okLatency = Latency.Where((_, i) => Status[i] == 200).ToArray();
            var okService = Service.Where((_, i) => Status[i] == 200).ToArray();
            Console.WriteLine();
            Console.WriteLine($"== {rate} rps for {Scheduled.TotalSeconds:F1} s: {Count} sent, {ok} answered 200 ({Allowed.Count(a => a)} allowed), {errors} errors{(errors > 0 ? $" ({byStatus})" : "")}; achieved {ok / Total.TotalSeconds:F0} rps; load average {loadBefore} → {loadAfter}");
            Console.WriteLine("                          p50      p90      p99    p99.9      max   (ms)");
            Console.WriteLine($"latency (from due time) {Percentiles.Line(okLatency)}");
            Console.WriteLine($"service time (from send){Percentiles.Line(okService)}");
            Console.WriteLine($"send lag (generator)    {Percentiles.Line(Lag)}");
            Console.WriteLine(FormattableString.Invariant(
                $"RESULT rate={rate} sent={Count} ok={ok} errors={errors} achieved_rps={ok / Total.TotalSeconds:F0} p50_ms={Percentiles.Of(okLatency, 50):F2} p90_ms={Percentiles.Of(okLatency, 90):F2} p99_ms={Percentiles.Of(okLatency, 99):F2} p999_ms={Percentiles.Of(okLatency, 99.9):F2} max_ms={Percentiles.Of(okLatency, 100):F2} service_p50_ms={Percentiles.Of(okService, 50):F2} service_p99_ms={Percentiles.Of(okService, 99):F2} load={loadAfter.Split(' ')[0]}"));
        }
    }

    internal static class Percentiles
    {
        public static double Of(double[] values, double percentile)
        {
            if (values.Length == 0)
                return double.NaN;
            var sorted = values.Order().ToArray();
            var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }

        public static string Line(double[] values) =>
            string.Concat(new[] { 50, 90, 99, 99.9, 100 }.Select(p => Of(values, p).ToString("F2", CultureInfo.InvariantCulture).PadLeft(9)));
    }

    /// <summary>Penalty decisions of the officers given, every one different; a share of them lacks footage and is blocked.</summary>
    internal sealed class PenaltyEvents(IReadOnlyList<long> officers, double blockedShare)
    {
        public HttpContent Content(int index)
        {
            var officer = officers[index % officers.Count];
            var blocked = (index * 0.6180339887 % 1.0) < blockedShare;
            var json = FormattableString.Invariant($$"""
                {"officerId":{{officer}},"badgeNumber":"J{{officer:D6}}","actionCode":"PEN-BENCH-{{index}}","violationKind":"Speeding","occurredAt":"2026-11-22T09:30:00+08:00","onSite":true,"fineAmount":200,"points":3,"hasFootage":{{(blocked ? "false" : "true")}},"footageSeconds":{{(blocked ? "null" : "95")}},"footageUploaded":true,"exemptionReason":null,"secondOfficerId":null,"location":"人民路与解放路交叉口"}
                """);
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }
    }

    /// <summary>User plus system CPU seconds a process has used, from /proc/{pid}/stat (clock ticks of 1/100 s).</summary>
    internal static class ServerCpu
    {
        public static double? Read(int? pid)
        {
            if (pid is null)
                return null;
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    internal static class LoadAverage
    {
        public static string Read()
        {
            try
            {
                return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (IOException)
            {
                return "n/a";
            }
        }
    }

    internal sealed record Options(string Url, string Token, string Workflow, int[] Rates, int Seconds, int WarmupSeconds, int Connections, long[] Officers, double BlockedShare, int? AppPid, string? Baseline, string? Get)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name)
            {
                var at = Array.IndexOf(args, name);
                return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
            }
            var officers = (Value("--officers") ?? "1-140").Split('-');
            var first = long.Parse(officers[0], CultureInfo.InvariantCulture);
            var last = officers.Length > 1 ? long.Parse(officers[1], CultureInfo.InvariantCulture) : first;
            return new Options(
                Value("--url") ?? "http://127.0.0.1:5080",
                Value("--token") ?? Environment.GetEnvironmentVariable("AE_TOKEN") ?? throw new ArgumentException("--token ae_… (or AE_TOKEN) is required: a System token"),
                Value("--workflow") ?? "penalty-interlock",
                (Value("--rates") ?? "100,1000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray(),
                int.Parse(Value("--seconds") ?? "30", CultureInfo.InvariantCulture),
                int.Parse(Value("--warmup-seconds") ?? "10", CultureInfo.InvariantCulture),
                int.Parse(Value("--connections") ?? "64", CultureInfo.InvariantCulture),
                Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i).ToArray(),
                double.Parse(Value("--blocked") ?? "0.2", CultureInfo.InvariantCulture),
                Value("--app-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
                Value("--baseline"),
                Value("--get") ?? Value("--baseline"));
        }
    }
}
