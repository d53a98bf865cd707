using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>
/// Replaces a token with a new one of the same name, role and unit, revoking the old one in the same transaction: the
/// client gets the new text, and a leaked old text stops working at once.
/// </summary>
[AllowedRoles(Role.Admin)]
public sealed record RotateApiToken(long TokenId) : ICommand<IssuedApiToken>, IAuditedCommand;

internal sealed class RotateApiTokenHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, ApiTokenCache cache, TimeProvider clock)
    : IRequestHandler<RotateApiToken, IssuedApiToken>
{
    public async ValueTask<IssuedApiToken> Handle(RotateApiToken request, CancellationToken cancellationToken)
    {
        var old = await ApiToken.FindInScopeAsync(db, actor, request.TokenId, cancellationToken);
        if (old.IsRevoked)
            throw new ConflictException("TokenRevoked", $"Token {old.Id} is revoked; issue a new one instead of rotating it.", old.Id);
        var now = clock.GetUtcNow().UtcDateTime;
        var before = old.ToView();
        old.Revoke(actor.Name, now);
        cache.Forget(old.Id);
        var (token, secret) = ApiToken.Issue(old.Name, old.Role, old.UnitId, actor.Name, now);
        db.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        audit.Concerning(old.UnitId).Describe(nameof(ApiToken), old.Id, before, new { revoked = old.ToView(), replacement = token.ToView() });
        return new IssuedApiToken(token.ToView(), secret);
    }
}
