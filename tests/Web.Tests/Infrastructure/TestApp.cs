using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Pages;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Infrastructure;

/// <summary>
/// The whole application on Kestrel on a loopback port, over a fresh real database of one provider, driven through
/// real HTTP. Helpers create accounts through the admin API, sign in with a cookie or issue a bearer token.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string AdminPassword = "test-admin-password";
    public const string Password = "correct horse battery staple";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static int _userCounter;
    private readonly Factory _factory;
    private readonly string _dataDirectory;
    private readonly bool _ownsDatabase;
    private HttpClient? _admin;

    private TestApp(TestDatabase database, bool ownsDatabase, Factory factory, string dataDirectory, TestClock clock, Uri baseAddress)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        _factory = factory;
        _dataDirectory = dataDirectory;
        Clock = clock;
        BaseAddress = baseAddress;
    }

    public TestDatabase Database { get; }

    public TestClock Clock { get; }

    public Uri BaseAddress { get; }

    /// <summary>Database:DataDirectory of this app: a fresh temporary directory, removed at the end.</summary>
    public string DataDirectory => _dataDirectory;

    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// Starts the app on <paramref name="provider"/>. <paramref name="settings"/> override configuration (e.g.
    /// "Requests:MaxBodyBytes"); <paramref name="services"/> replaces services (e.g. an <see cref="IUnitHierarchy"/>).
    /// </summary>
    public static async Task<TestApp> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        TestDatabase database = provider == DatabaseProvider.Postgres ? await PostgresTestDatabase.CreateAsync() : new SqliteTestDatabase();
        return await StartAsync(database, ownsDatabase: true, settings, services);
    }

    /// <summary>Starts the app on a database the test prepared (e.g. seeded before start-up); the app drops it at the end.</summary>
    public static Task<TestApp> StartOnAsync(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null) =>
        StartAsync(database, ownsDatabase: true, settings, services);

    /// <summary>Starts another node on the database of <paramref name="first"/>, as a second server of a cluster; the database stays <paramref name="first"/>'s.</summary>
    public static Task<TestApp> StartSecondNodeAsync(TestApp first)
    {
        ArgumentNullException.ThrowIfNull(first);
        return StartAsync(first.Database, ownsDatabase: false, settings: null, services: null);
    }

    private static async Task<TestApp> StartAsync(TestDatabase database, bool ownsDatabase, IReadOnlyDictionary<string, string>? settings, Action<IServiceCollection>? services)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("ae-app-").FullName;
        var clock = new TestClock();
        var factory = new Factory(database, dataDirectory, clock, settings, services);
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await Task.Run(factory.StartServer);
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(database, ownsDatabase, factory, dataDirectory, clock, new Uri(address));
    }

    /// <summary>
    /// A client with its own cookie jar and no credentials. It asks the API for English, as a program would that matches on
    /// the English texts; pages ignore Accept-Language, and tests of the reader's language set their own.
    /// </summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(PagesSetup.English);
        return client;
    }

    public HttpClient CreateBearerClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in through POST /api/auth/login; the returned client carries the session cookie.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password }, Json);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>The initial admin (whole detachment), signed in once and shared.</summary>
    public async Task<HttpClient> AdminAsync() => _admin ??= await SignInAsync(CreateInitialAdmin.UserName, AdminPassword);

    /// <summary>
    /// Creates an account through the admin API; its password is <see cref="Password"/>, to be kept (no change asked for).
    /// Tests of access rules that need no organization link accounts to units or officers that do not exist: the API refuses
    /// such links, so those accounts are written to the store directly, as accounts linked before links were checked.
    /// </summary>
    public async Task<UserView> CreateUserAsync(Role role, long? unitId = null, long? officerId = null, string? userName = null, string? displayName = null)
    {
        userName ??= $"{role.ToString().ToLowerInvariant()}{Interlocked.Increment(ref _userCounter)}";
        officerId ??= role == Role.Officer ? 1000 + _userCounter : null;
        displayName ??= $"Test {userName}";
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            var unitExists = unitId is not { } u || await db.Units.AnyAsync(x => x.Id == u);
            var officerExists = officerId is not { } o || await db.Officers.AnyAsync(x => x.Id == o);
            if (!unitExists || !officerExists)
            {
                var account = new UserAccount(userName, displayName, role, unitId, officerId, DateTime.UtcNow);
                account.ChangePasswordHash(scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<UserAccount>>().HashPassword(account, Password));
                db.Add(account);
                await db.SaveChangesAsync();
                return account.ToView();
            }
        }
        var response = await (await AdminAsync()).PostAsJsonAsync("/api/users",
            new { userName, displayName, role, unitId, officerId, password = Password, mustChangePassword = false }, Json);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<UserView>(Json))!;
    }

    /// <summary>Creates an account with <paramref name="role"/> and scope and returns a client signed in as it.</summary>
    public async Task<HttpClient> SignInAsync(Role role, long? unitId = null, long? officerId = null)
    {
        var user = await CreateUserAsync(role, unitId, officerId);
        return await SignInAsync(user.UserName, Password);
    }

    /// <summary>Issues a bearer token through the admin API and returns its text.</summary>
    public async Task<IssuedApiToken> CreateTokenAsync(Role role = Role.System, long? unitId = null, string? name = null)
    {
        var response = await (await AdminAsync()).PostAsJsonAsync("/api/tokens",
            new { name = name ?? $"client-{Guid.NewGuid():N}", role, unitId }, Json);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Issuing a token failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<IssuedApiToken>(Json))!;
    }

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        await _factory.DisposeAsync();
        if (_ownsDatabase) await Database.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private sealed class Factory(
        TestDatabase database,
        string dataDirectory,
        TestClock clock,
        IReadOnlyDictionary<string, string>? settings,
        Action<IServiceCollection>? services) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            // Validate the container as Development does (`dotnet run`), so a service that cannot be built fails every test, not the first start.
            builder.UseDefaultServiceProvider(o =>
            {
                o.ValidateOnBuild = true;
                o.ValidateScopes = true;
            });
            builder.UseSetting("Database:Provider", database.Provider.ToString());
            builder.UseSetting("Database:ConnectionString", database.ConnectionString);
            builder.UseSetting("Database:DataDirectory", dataDirectory);
            builder.UseSetting("Database:SeedDemoData", "false");
            builder.UseSetting("Security:InitialAdminPassword", AdminPassword);
            // Every test client signs in from 127.0.0.1; a test of the limit sets its own.
            builder.UseSetting("Security:SignInsPerMinutePerAddress", "100000");
            // No recurring evaluation and no catch-up unless a test of them asks: most tests want no run they did not start.
            builder.UseSetting("Scheduling:Monthly", "");
            builder.UseSetting("Scheduling:Quarterly", "");
            builder.UseSetting("Scheduling:CatchUpMonths", "0");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
                builder.UseSetting(key, value);
            builder.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                services?.Invoke(s);
            });
        }
    }
}

/// <summary>One app and database per test class: derive a per-provider fixture and use it with IClassFixture.</summary>
public abstract class TestAppFixture : IAsyncLifetime
{
    private TestApp? _app;

    public TestApp App => _app ?? throw new InvalidOperationException("The app starts in InitializeAsync.");

    protected abstract DatabaseProvider Provider { get; }

    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Provider, Settings, ConfigureServices);

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

public sealed class SqliteApp : TestAppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresApp : TestAppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
