using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.WebEncoders;

namespace AssessmentEngine.Web.Pages;

/// <summary>
/// Server-rendered pages (Razor Pages, ADR 17): role policies per folder from <see cref="PageAreas"/>, sign-in redirects for
/// pages while /api keeps answering 401/403, 简体中文 by default with English chosen by cookie, static files from wwwroot.
/// </summary>
public static class PagesSetup
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public const string SignInPath = "/signin";
    public const string ForbiddenPath = "/forbidden";

    public static IReadOnlyList<CultureInfo> Cultures { get; } = [new(Chinese), new(English)];

    public static WebApplicationBuilder AddAssessmentPages(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Chinese);
            options.SupportedCultures = [.. Cultures];
            options.SupportedUICultures = [.. Cultures];
            // Only the reader's explicit choice counts; a browser's Accept-Language does not switch away from Chinese.
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        builder.Services.AddRouting(options => options.LowercaseUrls = true);
        // Chinese text goes out as characters, not as &#x...; entities (HTML stays readable and half the size).
        builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        // Forms check what they need themselves (or through the mediator's validation), in the reader's language.
        builder.Services.Configure<MvcOptions>(options => options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true);

        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var area in PageAreas.All)
            authorization.AddPolicy(area.Policy, policy => policy.RequireRole(area.Roles.Select(r => r.ToString())));

        builder.Services.AddRazorPages(options =>
        {
            foreach (var area in PageAreas.All)
                options.Conventions.AuthorizeFolder(area.Folder, area.Policy);
            options.Conventions.AllowAnonymousToPage("/SignIn");
            options.Conventions.AllowAnonymousToPage("/Culture");
            options.Conventions.AllowAnonymousToPage("/Forbidden");
            options.Conventions.AllowAnonymousToPage("/Status");
            options.Conventions.AddPageApplicationModelConvention("/SignIn",
                model => model.EndpointMetadata.Add(new EnableRateLimitingAttribute(AccountsSetup.SignInRateLimit)));
        });
        builder.Services.AddScoped<SignedInUser>();
        builder.Services.AddScoped<InboxCounts>();
        builder.Services.AddScoped<AssessmentEngine.Web.Features.RuleSets.IDiagnosticWording, Rules.DiagnosticWording>();
        builder.Services.AddSingleton<IReaderWords, ReaderWords>();

        // Pages send the browser to the sign-in or forbidden page; SessionCookieEvents keeps /api on bare 401/403.
        builder.Services.Configure<CookieAuthenticationOptions>(AccountsSetup.CookieScheme, options =>
        {
            options.LoginPath = SignInPath;
            options.LogoutPath = "/signout";
            options.AccessDeniedPath = ForbiddenPath;
            options.ReturnUrlParameter = "returnUrl";
        });
        return builder;
    }

    /// <summary>Static files ahead of authentication (the stylesheet is public); the page culture for everything but the API.</summary>
    public static WebApplication UseAssessmentPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStaticFiles();
        app.UseWhen(context => !ApiRequests.IsApi(context.Request), pages => pages.UseRequestLocalization());
        return app;
    }

    public static WebApplication MapAssessmentPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRazorPages();
        return app;
    }

    /// <summary>Where a sign-in or language switch may send the browser back to: a local path, otherwise the home page.</summary>
    public static string LocalOrHome(IUrlHelper url, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(url);
        return !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/";
    }
}
