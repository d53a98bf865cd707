using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>An admin issues a named bearer token for a machine client, within their own unit subtree.</summary>
[AllowedRoles(Role.Admin)]
public sealed record CreateApiToken([property: StoredIn(typeof(ApiToken), nameof(ApiToken.Name))] string Name, Role Role, long? UnitId) : ICommand<IssuedApiToken>, IAuditedCommand, IUnitScoped, IValidatable
{
    public const int MaxNameLength = 100;

    /// <summary>An Officer token would need an officer link, so Officer access is a user account instead.</summary>
    public static IReadOnlyList<Role> TokenRoles { get; } = [Role.System, Role.Admin, Role.Inspector, Role.Leader, Role.Auditor];

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Name))
            errors.Add("name", "TokenNameRequired", "A token needs a name that says which client uses it.");
        else if (Name.Length > MaxNameLength)
            errors.Add("name", "TokenNameTooLong", $"A token name has at most {MaxNameLength} characters.", MaxNameLength);
        if (!TokenRoles.Contains(Role))
            errors.Add("role", "RoleForTokens", $"Role must be one of {string.Join(", ", TokenRoles)}; Officer access is issued as a user account.");
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
