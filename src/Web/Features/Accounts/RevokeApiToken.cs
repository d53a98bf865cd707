using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>An admin revokes a token; the next request that presents it gets 401. Revoking twice changes nothing.</summary>
[AllowedRoles(Role.Admin)]
public sealed record RevokeApiToken(long TokenId) : ICommand<ApiTokenView>, IAuditedCommand;

internal sealed class RevokeApiTokenHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, ApiTokenCache cache, TimeProvider clock)
    : IRequestHandler<RevokeApiToken, ApiTokenView>
{
    public async ValueTask<ApiTokenView> Handle(RevokeApiToken request, CancellationToken cancellationToken)
    {
        var token = await ApiToken.FindInScopeAsync(db, actor, request.TokenId, cancellationToken);
        var before = token.ToView();
        token.Revoke(actor.Name, clock.GetUtcNow().UtcDateTime);
        cache.Forget(token.Id);
        var after = token.ToView();
        audit.Concerning(token.UnitId).Describe(nameof(ApiToken), token.Id, before, after);
        return after;
    }
}
