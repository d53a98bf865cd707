using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// One headless Debian Chromium and one app on real PostgreSQL (loopback Kestrel), shared by every test of the
/// "Browser" collection. The constructed brigade is seeded and evaluated for October 2026, so pages have data to show. Each test opens
/// its own <see cref="IBrowserContext"/> (own cookies) with <see cref="NewPageAsync"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The laptop screen the pages are designed for (issue #7: readable at 1366×768).</summary>
    public static readonly ViewportSize Laptop = new() { Width = 1366, Height = 768 };

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>The month the constructed brigade is evaluated for before the tests start.</summary>
    public static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);

    private TestApp? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public TestApp App => _app ?? throw new InvalidOperationException("The app starts in InitializeAsync.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        // A paused scheduler looks again within half a second, so the dry-run test can hold a dry run queued and release it.
        _app = await TestApp.StartAsync(DatabaseProvider.Postgres, new Dictionary<string, string>
        {
            ["Scheduling:PausedRecheck"] = "00:00:00.500",
            ["Scheduling:SchedulePollInterval"] = "00:00:00.500",
        });
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            await ConstructedBrigade.SeedAsync(db, [October]);
            await TestSchemes.ReplaceShippedAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>());
            var evaluation = scope.ServiceProvider.GetRequiredService<EvaluationService>();
            await evaluation.CompleteAsync((await evaluation.QueueAsync(October)).Id, "browser-tests");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh page with its own cookie jar, at 1366×768, with relative URLs resolved against the app.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(App);

    /// <summary>A fresh page as <see cref="NewPageAsync()"/>, against a test's own <paramref name="app"/> (one whose data it changes).</summary>
    public async Task<IPage> NewPageAsync(TestApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = Laptop,
            // The browser's language must not matter: the app is Chinese until the reader switches.
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        // Generous: on a 2-core CI machine the browser tests share the cores with seeding and cluster tests running in parallel,
        // and two fresh-clone runs timed out at 15 s on a sign-in and a link while that load peaked.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Creates an account (password <see cref="TestApp.Password"/>) and signs it in through the sign-in page.</summary>
    public async Task<IPage> SignedInPageAsync(Role role, long? unitId = null, long? officerId = null, string? displayName = null)
    {
        var user = await App.CreateUserAsync(role, unitId, officerId, displayName: displayName);
        var page = await NewPageAsync();
        await page.SignInAsync(user.UserName, TestApp.Password);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// <summary>The tests that share one <see cref="BrowserFixture"/>: put <c>[Collection(BrowserTests.Name)]</c> on a browser test class.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

public static class PageSignIn
{
    /// <summary>Fills in and submits /signin as a person would, and waits for the page it leads to.</summary>
    public static async Task SignInAsync(this IPage page, string userName, string password, string? returnUrl = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(returnUrl is null ? "/signin" : $"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("用户名").Or(page.GetByLabel("User name")).FillAsync(userName);
        await page.GetByLabel("密码").Or(page.GetByLabel("Password")).FillAsync(password);
        await page.Locator("form button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}

/// <summary>
/// Screenshots of the browser tests: PNGs in artifacts/screenshots/ (ignored by git, kept by CI as artifacts), so a test run
/// leaves the tree clean. scripts/refresh-screenshots.sh copies them into docs/screenshots/ for the README, on purpose.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    /// <summary>Saves the viewport (1366×768) as artifacts/screenshots/<paramref name="name"/>.png and returns the path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AssessmentEngine.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("AssessmentEngine.sln not found above " + AppContext.BaseDirectory);
    }
}
