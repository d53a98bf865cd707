using System.Text.Encodings.Web;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>Authenticates <c>Authorization: Bearer ae_…</c> against the stored hashes of unrevoked tokens.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AssessmentDbContext db,
    ApiTokenCache cache,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    // Recording every use would turn each API read into a write; a minute's precision is enough to spot idle tokens.
    // (While a token is cached, its uses are not recorded: last-used is then exact to the cache lifetime plus a minute.)
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var text = header["Bearer ".Length..].Trim();
        if (!ApiToken.LooksLikeToken(text))
            return AuthenticateResult.Fail("The bearer token is not an API token of this system.");

        var hash = ApiToken.HashOf(text);
        if (!cache.TryGet(hash, out var valid))
        {
            var found = await FindAsync(text);
            if (found is null)
                return AuthenticateResult.Fail("Unknown or revoked API token.");
            valid = new ApiTokenCache.ValidToken(found.Id, found.Name, found.Role, found.UnitId);
            cache.Remember(hash, valid);
        }

        var principal = ActorClaims.Create(Scheme.Name, ActorKind.Token, valid.Id, valid.Name, valid.Role, valid.UnitId, officerId: null);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    /// <summary>The unrevoked token the text belongs to, recording its use (at most once a minute).</summary>
    private async Task<ApiToken?> FindAsync(string text)
    {
        var prefix = ApiToken.PrefixOf(text);
        var candidates = await db.Set<ApiToken>().AsNoTracking()
            .Where(t => t.Prefix == prefix && t.RevokedAt == null)
            .ToListAsync(Context.RequestAborted);
        var token = candidates.FirstOrDefault(t => t.Matches(text));
        if (token is null)
            return null;

        var now = clock.GetUtcNow().UtcDateTime;
        if (token.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedPrecision)
        {
            await db.Set<ApiToken>().Where(t => t.Id == token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }
        return token;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
