using System.Net.Http.Json;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Security;

/// <summary>X-Forwarded-For is believed from a configured proxy only; otherwise a client could forge the audited address.</summary>
public sealed class ReverseProxyTests
{
    [Fact]
    public async Task The_forwarded_client_address_is_audited_when_the_request_comes_from_a_known_proxy()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { ["ReverseProxy:KnownProxies:0"] = "127.0.0.1" });

        var ip = await SignInThroughProxyAsync(app, "10.20.30.40");

        ip.Should().Be("10.20.30.40");
    }

    [Fact]
    public async Task A_forwarded_header_from_an_unknown_sender_is_ignored()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { ["ReverseProxy:KnownNetworks:0"] = "10.0.0.0/8" });

        var ip = await SignInThroughProxyAsync(app, "10.20.30.40");

        ip.Should().Be("127.0.0.1", "the test connects from loopback, which is not a known proxy");
    }

    [Fact]
    public async Task A_misconfigured_proxy_address_stops_the_start_with_the_setting_named()
    {
        var start = () => TestApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { ["ReverseProxy:KnownProxies:0"] = "proxy.example" });

        (await start.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("ReverseProxy:KnownProxies: 'proxy.example' is not an IP address");
    }

    private static async Task<string?> SignInThroughProxyAsync(TestApp app, string forwardedFor)
    {
        var user = await app.CreateUserAsync(Role.Leader);
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { user.UserName, password = TestApp.Password }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
        await using var db = app.Database.CreateContext();
        return await db.Set<AuditEntry>().Where(e => e.Action == "SignIn" && e.Actor == user.UserName).Select(e => e.IpAddress).SingleAsync();
    }
}
