using System.Threading.RateLimiting;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>Bound from "Security".</summary>
public sealed class AccountOptions
{
    public const string Section = "Security";

    /// <summary>Password of the first admin; when empty a random one is generated and written to the data directory. Set it from the environment, never in a file in the repository.</summary>
    public string? InitialAdminPassword { get; set; }

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sign-in attempts one client address may make per minute, across all user names (lockout alone is per account).</summary>
    public int SignInsPerMinutePerAddress { get; set; } = 30;

    /// <summary>
    /// How long a node trusts a bearer token or a session it has checked against the database; a revocation, a sign-out
    /// or a password change reaches the other nodes within this time. Zero checks every request against the database.
    /// </summary>
    public TimeSpan TokenCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);
}

public static class AccountsSetup
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string TokenScheme = "ApiToken";
    public const string SignInRateLimit = "sign-in";
    private const string CookieOrToken = "CookieOrToken";

    /// <summary>People sign in with a cookie, machine clients send <c>Authorization: Bearer ae_…</c>; the header decides which scheme reads a request.</summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AccountOptions>().Bind(builder.Configuration.GetSection(AccountOptions.Section));
        var options = builder.Configuration.GetSection(AccountOptions.Section).Get<AccountOptions>() ?? new AccountOptions();
        var lifetime = options.SessionLifetime;
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInsPerMinutePerAddress, Window = TimeSpan.FromMinutes(1) }));
        });
        builder.Services.AddScoped<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        builder.Services.AddScoped<SessionCookieEvents>();
        builder.Services.AddSingleton<ApiTokenCache>();
        builder.Services.AddSingleton<SessionCache>();
        builder.Services.AddAuthentication(CookieOrToken)
            .AddPolicyScheme(CookieOrToken, null, options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? TokenScheme : CookieScheme)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = AuthCookie.Name;
                options.Cookie.HttpOnly = true;
                // Strict keeps other sites from riding the session (the API has no separate CSRF token).
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = lifetime;
                options.SlidingExpiration = true;
                options.EventsType = typeof(SessionCookieEvents);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(TokenScheme, null);
        return builder;
    }
}
