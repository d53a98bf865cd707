using System.Collections.Concurrent;
using System.Diagnostics;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.Scheduling;

/// <summary>
/// One node of a cluster: the built Web application in its own process (`dotnet AssessmentEngine.Web.dll`) on a loopback
/// port, configured through environment variables for the shared PostgreSQL database and a clustered Quartz store.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    public const string AdminPassword = "cluster-admin-password";
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
        env["Scheduling__ClusterCheckinInterval"] = "00:00:02";
        env["Scheduling__RetryDelay"] = "00:00:01";
        var process = Process.Start(start)!;
        var node = new ClusterNode(instanceId, process, directory);
        process.OutputDataReceived += (_, e) => node.Read(e.Data);
        process.ErrorDataReceived += (_, e) => node.Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(node._listening.Task, Task.Delay(TimeSpan.FromSeconds(45)));
        if (started != node._listening.Task)
        {
            await node.DisposeAsync();
            throw new TimeoutException($"{instanceId} did not start listening within 45 s:\n{node.Log}");
        }
        node.BaseAddress = await node._listening.Task;
        return node;
    }

    /// <summary>kill -9 of the node and anything it started: no shutdown hooks, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

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
