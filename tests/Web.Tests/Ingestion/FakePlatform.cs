using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AssessmentEngine.Web.Tests.Ingestion;

/// <summary>
/// A supervision platform on a loopback port serving the recorded pages of Recorded/ by the contract of
/// docs/connectors.md, with a log of every request and faults a test switches on: hang on a page, fail N times, fail always.
/// </summary>
internal sealed class FakePlatform : IAsyncDisposable
{
    public const string ApiKey = "test-platform-key";
    public const string Kind = "enforcement-actions";

    private readonly WebApplication _app;
    private readonly List<JsonDocument> _pages;
    private int _failuresLeft;

    private FakePlatform(WebApplication app, List<JsonDocument> pages)
    {
        _app = app;
        _pages = pages;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The "after" of every request, in order ("" for none).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The first request with this "after" hangs until the client gives up; <see cref="HangReached"/> tells when it arrived.</summary>
    public string? HangOnceAfter { get; set; }

    public TaskCompletionSource HangReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers this status to the next N requests.</summary>
    public void FailNext(int times, HttpStatusCode status)
    {
        _failuresLeft = times;
        FailureStatus = status;
    }

    public HttpStatusCode FailureStatus { get; private set; } = HttpStatusCode.ServiceUnavailable;

    /// <summary>Every request fails with this status.</summary>
    public HttpStatusCode? AlwaysFail { get; set; }

    public IReadOnlyList<JsonElement> AllItems => [.. _pages.SelectMany(p => p.RootElement.GetProperty("items").EnumerateArray())];

    public static async Task<FakePlatform> StartAsync()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Ingestion", "Recorded");
        var pages = Enumerable.Range(1, 5).Select(i => JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, $"{Kind}-{i}.json")))).ToList();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var platform = new FakePlatform(app, pages);
        app.MapGet("/v1/{kind}", platform.ServeAsync);
        await app.StartAsync();
        platform.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return platform;
    }

    private async Task<IResult> ServeAsync(string kind, HttpContext context, string? after = null, int limit = 100)
    {
        Requests.Enqueue(after ?? "");
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        if (AlwaysFail is { } always)
            return Results.StatusCode((int)always);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            return Results.StatusCode((int)FailureStatus);
        if (after is not null && after == HangOnceAfter)
        {
            HangOnceAfter = null;
            HangReached.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Empty;
        }
        if (kind != Kind || limit != 4)
            return Results.NotFound();
        var index = after is null ? 0 : _pages.FindIndex(p => p.RootElement.GetProperty("next").GetString() == after) + 1;
        if (after is not null && index == 0)
            return Results.BadRequest();
        return index >= _pages.Count
            ? Results.Json(new { items = Array.Empty<object>(), next = after, hasMore = false })
            : Results.Text(_pages[index].RootElement.GetRawText(), "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var page in _pages) page.Dispose();
    }
}
