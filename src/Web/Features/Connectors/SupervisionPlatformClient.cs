using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;
using Refit;

namespace AssessmentEngine.Web.Features.Connectors;

/// <summary>One page of a kind, as the platform answers GET {baseUrl}v1/{kind}?after=…&amp;limit=… (docs/connectors.md).</summary>
public sealed record PlatformPage(IReadOnlyList<JsonElement> Items, string? Next, bool HasMore);

/// <summary>The platform's contract (docs/connectors.md) as a Refit client: one page of one kind after a watermark.</summary>
[Headers("Accept: application/json")]
public interface ISupervisionPlatformApi
{
    [Get("/v1/{kind}")]
    Task<PlatformPage> PageAsync(string kind, int limit, string? after, [Header("Authorization")] string? authorization, CancellationToken cancellationToken);
}

/// <summary>A page could not be read: the platform refused, kept failing or did not answer, after every attempt.</summary>
public sealed class PlatformException : Exception
{
    public PlatformException()
    {
    }

    public PlatformException(string message)
        : base(message)
    {
    }

    public PlatformException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The pull running in this async flow, told of every request its platform client sends and every retry.</summary>
public interface IPlatformCallObserver
{
    void Sending();

    ValueTask RetryingAsync(string failure, int retry, TimeSpan wait, CancellationToken cancellationToken);
}

/// <summary>
/// The Refit client of each configured connector over its own HttpClient from HttpClientFactory, with its resilience
/// pipeline (Microsoft.Extensions.Http.Resilience): a timeout per attempt and retries of transient failures with the
/// connector's exponential back-off, longer when the platform asks for it (Retry-After, at most 5 minutes).
/// </summary>
public sealed class SupervisionPlatforms(IHttpClientFactory factory)
{
    private static readonly AsyncLocal<IPlatformCallObserver?> CurrentObserver = new();
    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    /// <summary>Who hears of the requests and retries of the calls made in this async flow (the running pull).</summary>
    public static IPlatformCallObserver? Observer
    {
        get => CurrentObserver.Value;
        set => CurrentObserver.Value = value;
    }

    public ISupervisionPlatformApi For(string connector) => RestService.ForGenerated<ISupervisionPlatformApi>(factory.CreateClient(ClientName(connector)), Settings);

    public static string ClientName(string connector) => "connector:" + connector;

    /// <summary>Registers the HttpClient of <paramref name="connector"/> with its base address and resilience pipeline.</summary>
    internal static void Register(IServiceCollection services, string connector, ConnectorSettings settings)
    {
        var client = services.AddHttpClient(ClientName(connector), http =>
        {
            if (settings.BaseUrl is { } root)
                http.BaseAddress = root;
            // The resilience pipeline times each attempt; the client itself waits as long as the retries take.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        client.AddResilienceHandler("platform", pipeline =>
        {
            if (settings.MaxAttempts > 1)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = settings.MaxAttempts - 1,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(WaitBefore(args.AttemptNumber + 1, args.Outcome.Result, settings)),
                    OnRetry = args => Observer?.RetryingAsync(Describe(args.Outcome, settings), args.AttemptNumber + 1, args.RetryDelay, args.Context.CancellationToken) ?? default,
                });
            }
            pipeline.AddTimeout(settings.Timeout);
        });
        // Added after the resilience handler, so it sits inside it and sees every attempt.
        client.AddHttpMessageHandler(() => new EveryAttempt());
    }

    /// <summary>Worth another attempt: the platform was overloaded, slow or failing, or the connection broke; not a refusal.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or IOException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };

    internal static string Describe(Outcome<HttpResponseMessage> outcome, ConnectorSettings settings) => outcome switch
    {
        { Result: { } response } => $"GET {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}.",
        { Exception: TimeoutRejectedException } => $"No answer within {settings.Timeout}.",
        { Exception: { } failure } => failure.Message,
        _ => "The platform failed.",
    };

    private static TimeSpan WaitBefore(int retry, HttpResponseMessage? response, ConnectorSettings settings)
    {
        var wait = settings.BackoffBefore(retry);
        if (response?.Headers.RetryAfter?.Delta is { } asked && asked > wait)
            wait = asked < TimeSpan.FromMinutes(5) ? asked : TimeSpan.FromMinutes(5);
        return wait;
    }

    /// <summary>
    /// Inside the retries: tells the pull of each request, and reads a page's body before the retry strategy judges it,
    /// so that a page cut off mid-way is retried like a dropped connection.
    /// </summary>
    private sealed class EveryAttempt : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Observer?.Sending();
            var response = await base.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
                await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
    }
}
