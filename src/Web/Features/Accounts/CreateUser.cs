using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>An admin creates an account within their own unit subtree.</summary>
[AllowedRoles(Role.Admin)]
public sealed record CreateUser(string UserName, string DisplayName, Role Role, long? UnitId, long? OfficerId, string Password)
    : ICommand<UserView>, IAuditedCommand, IUnitScoped, IValidatable
{
    public const int MaxUserNameLength = 64;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(UserName))
            errors.Add("userName", "A user name is required.");
        else if (UserName.Length > MaxUserNameLength || !UserName.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-'))
            errors.Add("userName", $"A user name has at most {MaxUserNameLength} letters, digits, '.', '_' or '-'.");
        errors.Check(!string.IsNullOrWhiteSpace(DisplayName), "displayName", "A display name is required.");
        errors.Check(Enum.IsDefined(Role), "role", $"Role must be one of {string.Join(", ", Enum.GetNames<Role>())}.");
        errors.Check(Role != Role.System, "role", "The System role is for API tokens, not for people.");
        errors.Check(Role != Role.Officer || OfficerId is not null, "officerId", "An Officer account must be linked to an officer.");
        errors.Check(Role == Role.Officer || OfficerId is null, "officerId", "Only an Officer account is linked to an officer.");
        PasswordPolicy.Check(Password, "password", errors);
    }

    public override string ToString() => $"CreateUser {{ UserName = {UserName}, Role = {Role}, UnitId = {UnitId}, OfficerId = {OfficerId} }}";
}

internal sealed class CreateUserValidator(AssessmentDbContext db) : IValidator<CreateUser>
{
    public async Task ValidateAsync(CreateUser request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (await db.Set<UserAccount>().AnyAsync(u => u.UserName == request.UserName, cancellationToken))
            errors.Add("userName", $"The user name '{request.UserName}' is taken.");
    }
}

internal sealed class CreateUserHandler(AssessmentDbContext db, IPasswordHasher<UserAccount> hasher, AuditLog audit, TimeProvider clock)
    : IRequestHandler<CreateUser, UserView>
{
    public async ValueTask<UserView> Handle(CreateUser request, CancellationToken cancellationToken)
    {
        var user = new UserAccount(request.UserName.Trim(), request.DisplayName.Trim(), request.Role, request.UnitId, request.OfficerId, clock.GetUtcNow().UtcDateTime);
        user.ChangePasswordHash(hasher.HashPassword(user, request.Password));
        db.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        var view = user.ToView();
        audit.Concerning(user.UnitId).Describe(nameof(UserAccount), user.Id, before: null, after: view);
        return view;
    }
}
