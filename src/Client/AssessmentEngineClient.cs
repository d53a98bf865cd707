using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using RestEase;

namespace AssessmentEngine.Client;

/// <summary>Creates <see cref="IAssessmentEngineApi"/> clients that speak the API's JSON (System.Text.Json, camelCase, enums by name).</summary>
public static class AssessmentEngineClient
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static IAssessmentEngineApi Create(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return new RestClient(httpClient)
        {
            RequestBodySerializer = new SystemTextJsonBodySerializer(),
            ResponseDeserializer = new SystemTextJsonResponseDeserializer(),
        }.For<IAssessmentEngineApi>();
    }

    private sealed class SystemTextJsonBodySerializer : RequestBodySerializer
    {
        public override HttpContent? SerializeBody<T>(T body, RequestBodySerializerInfo info) =>
            body is null ? null : JsonContent.Create(body, options: JsonOptions);
    }

    private sealed class SystemTextJsonResponseDeserializer : ResponseDeserializer
    {
        public override T Deserialize<T>(string? content, HttpResponseMessage response, ResponseDeserializerInfo info) =>
            JsonSerializer.Deserialize<T>(content ?? "null", JsonOptions)!;
    }
}
