using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace AssessmentEngine.Client;

/// <summary>Creates <see cref="IAssessmentEngineApi"/> clients that speak the API's JSON (System.Text.Json, camelCase, enums by name).</summary>
public static class AssessmentEngineClient
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Refit's settings for this API: its JSON.</summary>
    public static RefitSettings Settings { get; } = new(new SystemTextJsonContentSerializer(JsonOptions));

    /// <summary>A client over <paramref name="httpClient"/>, whose base address is the server's root.</summary>
    public static IAssessmentEngineApi Create(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return RestService.ForGenerated<IAssessmentEngineApi>(httpClient, Settings);
    }

    /// <summary>
    /// Registers <see cref="IAssessmentEngineApi"/> as a typed client of HttpClientFactory (Refit's source-generated
    /// implementation); add authentication and resilience handlers to the returned builder.
    /// </summary>
    public static IHttpClientBuilder AddAssessmentEngineClient(this IServiceCollection services, Uri baseAddress) =>
        services.AddRefitGeneratedClient<IAssessmentEngineApi>(Settings).ConfigureHttpClient(http => http.BaseAddress = baseAddress);
}
