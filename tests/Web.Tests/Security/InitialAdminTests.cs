using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.Security;

/// <summary>No password configured: the first start must generate one.</summary>
public sealed class GeneratedAdminPasswordApp : TestAppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Security:InitialAdminPassword"] = "" };
}

public sealed class InitialAdminTests(GeneratedAdminPasswordApp fixture) : IClassFixture<GeneratedAdminPasswordApp>
{
    [Fact]
    public async Task The_first_start_creates_admin_with_a_random_password_in_a_file_only_the_service_user_can_read()
    {
        var file = Path.Combine(fixture.App.DataDirectory, "initial-admin-password.txt");
        var password = (await File.ReadAllTextAsync(file)).Trim();
        using var client = fixture.App.CreateClient();

        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = CreateInitialAdmin.UserName, password });

        password.Should().HaveLength(20).And.NotBe(TestApp.AdminPassword);
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        if (!OperatingSystem.IsWindows())
            File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
