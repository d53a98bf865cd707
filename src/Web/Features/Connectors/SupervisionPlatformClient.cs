using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AssessmentEngine.Web.Features.Connectors;

/// <summary>One page of a kind, as the platform answers GET {baseUrl}v1/{kind}?after=…&amp;limit=… (docs/connectors.md).</summary>
public sealed record PlatformPage(IReadOnlyList<JsonElement> Items, string? Next, bool HasMore);

/// <summary>The platform answered with an error status.</summary>
public sealed class PlatformException : Exception
{
    public PlatformException(HttpStatusCode status, TimeSpan? retryAfter, string message)
        : base(message)
    {
        Status = status;
        RetryAfter = retryAfter;
    }

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

    public HttpStatusCode? Status { get; }

    /// <summary>The wait the platform asked for (Retry-After on 429 or 503).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Worth another attempt: the platform was overloaded, slow or failing, not refusing the request.</summary>
    public bool IsTransient => Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int?)Status >= 500;
}

/// <summary>The typed client of a supervision platform: reads one page of one kind after a watermark.</summary>
public sealed class SupervisionPlatformClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<PlatformPage> PageAsync(Uri baseUrl, string kind, string? after, int limit, string? apiKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        var query = string.Create(CultureInfo.InvariantCulture, $"v1/{Uri.EscapeDataString(kind)}?limit={limit}") + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(root, query));
        if (!string.IsNullOrEmpty(apiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var retryAfter = response.Headers.RetryAfter?.Delta;
            throw new PlatformException(response.StatusCode, retryAfter,
                $"GET {request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        var page = await response.Content.ReadFromJsonAsync<PlatformPage>(Json, cancellationToken)
            ?? throw new PlatformException($"GET {request.RequestUri} answered an empty page.");
        return page with { Items = page.Items ?? [] };
    }
}
