using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.Security;

/// <summary>Body limit 4 KiB so that the test need not send 10 MB; the database plays no part, so SQLite only.</summary>
public sealed class SmallBodyLimitApp : TestAppFixture
{
    public const int Limit = 4096;

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Requests:MaxBodyBytes"] = Limit.ToString() };
}

public sealed class RequestErrorTests(SmallBodyLimitApp fixture) : IClassFixture<SmallBodyLimitApp>
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task A_body_over_the_configured_limit_is_refused_with_413_before_it_is_read()
    {
        using var client = App.CreateClient();
        var body = new StringContent(JsonSerializer.Serialize(new { userName = new string('x', SmallBodyLimitApp.Limit), password = "irrelevant" }), Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/auth/login", body);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain($"at most {SmallBodyLimitApp.Limit}");
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_with_413_too()
    {
        using var client = App.CreateClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"userName\":\"" + new string('x', SmallBodyLimitApp.Limit * 2) + "\",\"password\":\"x\"}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_that_says_where_the_json_breaks()
    {
        using var client = App.CreateClient();
        var body = new StringContent("{\"userName\": \"admin\", \"password\": }", Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/auth/login", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("Malformed JSON");
        problem.GetProperty("code").GetString().Should().Be("MalformedJson");
        problem.GetProperty("detail").GetString().Should().MatchRegex(@"^The body is not valid JSON near \$\.password \(line 0, byte \d+\)\.$");
    }

    [Fact]
    public async Task A_missing_required_field_is_a_validation_problem_not_a_server_error()
    {
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("password", out _).Should().BeTrue();
    }
}
