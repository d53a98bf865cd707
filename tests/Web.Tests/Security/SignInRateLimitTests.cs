using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.Security;

public sealed class SignInRateLimitApp : TestAppFixture
{
    public const int SignInsPerMinute = 20;

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Security:SignInsPerMinutePerAddress"] = SignInsPerMinute.ToString(),
    };
}

public sealed class SignInRateLimitTests(SignInRateLimitApp fixture) : IClassFixture<SignInRateLimitApp>
{
    [Fact]
    public async Task Sign_in_attempts_from_one_address_beyond_the_limit_get_429_whatever_user_name_they_try()
    {
        using var client = fixture.App.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < SignInRateLimitApp.SignInsPerMinute + 5; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new { userName = $"spray{i}", password = "Summer2026!" })).StatusCode);

        statuses.Take(SignInRateLimitApp.SignInsPerMinute).Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        statuses.Skip(SignInRateLimitApp.SignInsPerMinute).Should().AllBeEquivalentTo(HttpStatusCode.TooManyRequests);
    }
}
