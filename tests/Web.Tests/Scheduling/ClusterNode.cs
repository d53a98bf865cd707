using System.Collections.Concurrent;
using System.Diagnostics;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.Scheduling;

/// <summary>
/// One node of a cluster: the built Web application in its own process (`dotnet AssessmentEngine.Web.dll`) on a loopback
/// port, configured through environment variables for the shared PostgreSQL database, whose schema "hangfire" every node
/// shares as its job store.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    public const string AdminPassword = "cluster-admin-password";

    /// <summary>Short, so that fail-over tests stay quick: a dead node's job reappears this long after its last keep-alive.</summary>
    public static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan QueuePollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Generous: a node waits for the start-up lock while another migrates, on a 2-core machine shared with other tests.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _directory;

    private ClusterNode(string instanceId, Process process, string directory)
    {
        InstanceId = instanceId;
        _process = process;
        _directory = directory;
    }

    public string InstanceId { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public string Log => string.Join('\n', _log.TakeLast(60));

    /// <summary>Every line the node wrote.</summary>
    public IReadOnlyList<string> Lines => [.. _log];

    /// <summary>Starts a node with the monthly evaluation on <paramref name="monthlyCron"/>, and waits until it listens.</summary>
    public static async Task<ClusterNode> StartAsync(string instanceId, TestDatabase database, string monthlyCron)
    {
        var directory = Directory.CreateTempSubdirectory("ae-node-").FullName;
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "AssessmentEngine.Web.dll")}\" --urls http://127.0.0.1:0")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Logging__Console__FormatterName"] = "simple";
        env["Logging__LogLevel__Default"] = "Information";
        env["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning";
        env["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        env["Database__Provider"] = "Postgres";
        env["Database__ConnectionString"] = database.ConnectionString;
        env["Database__SeedDemoData"] = "false";
        env["Database__DataDirectory"] = directory;
        env["Security__InitialAdminPassword"] = AdminPassword;
        env["Scheduling__InstanceId"] = instanceId;
        env["Scheduling__Monthly"] = monthlyCron;
        env["Scheduling__Quarterly"] = "";
        env["Scheduling__CatchUpMonths"] = "0";
        env["Scheduling__InvisibilityTimeout"] = InvisibilityTimeout.ToString();
        env["Scheduling__QueuePollInterval"] = QueuePollInterval.ToString();
        env["Scheduling__SchedulePollInterval"] = "00:00:01";
        env["Scheduling__PartRetries__Delay"] = "00:00:01";
        var process = Process.Start(start)!;
        var node = new ClusterNode(instanceId, process, directory);
        process.OutputDataReceived += (_, e) => node.Read(e.Data);
        process.ErrorDataReceived += (_, e) => node.Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(node._listening.Task, Task.Delay(StartTimeout));
        if (started != node._listening.Task)
        {
            await node.DisposeAsync();
            throw new TimeoutException($"{instanceId} did not start listening within {StartTimeout.TotalSeconds} s:\n{node.Log}");
        }
        node.BaseAddress = await node._listening.Task;
        return node;
    }

    /// <summary>kill -9 of the node and anything it started: no shutdown hooks, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            Signal("CONT");
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGSTOP: the process freezes mid-instruction, connections open, keep-alives silent, until <see cref="Continue"/>.</summary>
    public void Stop() => Signal("STOP");

    /// <summary>SIGCONT: the frozen process carries on where it stopped, unaware of the time that passed.</summary>
    public void Continue() => Signal("CONT");

    /// <summary>Waits until the node has written a line containing one of <paramref name="texts"/>, and returns it.</summary>
    public Task<string> WaitForLineAsync(TimeSpan timeout, params string[] texts) =>
        Eventually.FoundAsync(
            () => Task.FromResult(_log.FirstOrDefault(l => texts.Any(t => l.Contains(t, StringComparison.Ordinal)))),
            $"{InstanceId} to write a line containing '{string.Join("' or '", texts)}'", timeout, () => "\n" + Log);

    public async Task<HttpClient> SignInAsync()
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new System.Net.CookieContainer(), UseCookies = true }) { BaseAddress = BaseAddress };
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/auth/login", new { userName = "admin", password = AdminPassword });
        response.EnsureSuccessStatusCode();
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        await Task.Run(() => Directory.Delete(_directory, recursive: true));
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {_process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with {kill.ExitCode}");
    }

    private void Read(string? line)
    {
        if (line is null)
            return;
        _log.Enqueue(line);
        const string marker = "Now listening on: ";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
            _listening.TrySetResult(new Uri(line[(at + marker.Length)..].Trim()));
    }
}
