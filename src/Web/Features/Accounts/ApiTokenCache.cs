using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>
/// Tokens recently found valid, keyed by the hash of the presented text, so that a terminal calling the real-time check
/// a thousand times a second is not a thousand database look-ups.
/// </summary>
internal sealed class ApiTokenCache(TimeProvider clock, IOptions<AccountOptions> options)
    : CredentialCache<ApiTokenCache.ValidToken>(clock, options)
{
    public sealed record ValidToken(long Id, string Name, Role Role, long? UnitId);

    public void Forget(long tokenId) => ForgetWhere(t => t.Id == tokenId);
}

/// <summary>Sessions recently found open, keyed by session id, with the security stamp the user had then.</summary>
internal sealed class SessionCache(TimeProvider clock, IOptions<AccountOptions> options)
    : CredentialCache<SessionCache.OpenSession>(clock, options)
{
    public sealed record OpenSession(long UserId, string SecurityStamp, bool MustChangePassword, bool Disabled);

    public void ForgetUser(long userId) => ForgetWhere(s => s.UserId == userId);
}
