using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>An admin issues a named bearer token for a machine client, within their own unit subtree.</summary>
[AllowedRoles(Role.Admin)]
public sealed record CreateApiToken(string Name, Role Role, long? UnitId) : ICommand<IssuedApiToken>, IAuditedCommand, IUnitScoped, IValidatable
{
    public const int MaxNameLength = 100;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(!string.IsNullOrWhiteSpace(Name), "name", "A token needs a name that says which client uses it.");
        errors.Check(Name is null || Name.Length <= MaxNameLength, "name", $"A token name has at most {MaxNameLength} characters.");
        errors.Check(Enum.IsDefined(Role), "role", $"Role must be one of {string.Join(", ", Enum.GetNames<Role>())}.");
        errors.Check(Role != Role.Officer, "role", "An Officer token would need an officer link; issue Officer access as a user account.");
    }
}

/// <summary>The token text appears here and nowhere else, ever.</summary>
public sealed record IssuedApiToken(ApiTokenView Token, string Secret);

internal sealed class CreateApiTokenHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock)
    : IRequestHandler<CreateApiToken, IssuedApiToken>
{
    public async ValueTask<IssuedApiToken> Handle(CreateApiToken request, CancellationToken cancellationToken)
    {
        var (token, secret) = ApiToken.Issue(request.Name.Trim(), request.Role, request.UnitId, actor.Name, clock.GetUtcNow().UtcDateTime);
        db.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        var view = token.ToView();
        audit.Concerning(token.UnitId).Describe(nameof(ApiToken), token.Id, before: null, after: view);
        return new IssuedApiToken(view, secret);
    }
}
