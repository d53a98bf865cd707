using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>
/// An admin creates an account within their own unit subtree. The password is the admin's choice, so the person must change
/// it at the first sign-in unless <paramref name="MustChangePassword"/> is false (a password the person chose and handed in).
/// </summary>
[AllowedRoles(Role.Admin)]
public sealed record CreateUser(
    [property: StoredIn(typeof(UserAccount), nameof(UserAccount.UserName))] string UserName,
    [property: StoredIn(typeof(UserAccount), nameof(UserAccount.DisplayName))] string DisplayName,
    Role Role, long? UnitId, long? OfficerId,
    [property: NotStored(PasswordPolicy.MaxLength)] string Password,
    bool? MustChangePassword = null)
    : ICommand<UserView>, IAuditedCommand, IUnitScoped, IValidatable
{
    public const int MaxUserNameLength = 64;

    /// <summary>The roles a person's account may have; System is for API tokens.</summary>
    public static IReadOnlyList<Role> PeopleRoles { get; } = [Role.Admin, Role.Inspector, Role.Leader, Role.Officer, Role.Auditor];

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(UserName))
            errors.Add("userName", "UserNameRequired", "A user name is required.");
        else if (UserName.Length > MaxUserNameLength || !UserName.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-'))
            errors.Add("userName", "UserNameShape", $"A user name has at most {MaxUserNameLength} letters, digits, '.', '_' or '-'.", MaxUserNameLength);
        if (string.IsNullOrWhiteSpace(DisplayName))
            errors.Add("displayName", "DisplayNameRequired", "A display name is required.");
        if (!PeopleRoles.Contains(Role))
            errors.Add("role", "RoleForPeople", $"Role must be one of {string.Join(", ", PeopleRoles)}; System is for API tokens, not for people.");
        if (Role == Role.Officer && OfficerId is null)
            errors.Add("officerId", "OfficerLinkRequired", "An Officer account must be linked to an officer.");
        if (Role != Role.Officer && OfficerId is not null)
            errors.Add("officerId", "OfficerLinkOnlyForOfficers", "Only an Officer account is linked to an officer.");
        PasswordPolicy.Check(Password, "password", errors);
    }

    public override string ToString() => $"CreateUser {{ UserName = {UserName}, Role = {Role}, UnitId = {UnitId}, OfficerId = {OfficerId} }}";
}

internal sealed class CreateUserValidator(AssessmentDbContext db, CurrentActor actor, IUnitHierarchy units) : IValidator<CreateUser>
{
    public async Task ValidateAsync(CreateUser request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(request.UserName) && await UserNames.TakenAsync(db, request.UserName, cancellationToken))
            errors.Add("userName", "UserNameTaken", $"The user name '{request.UserName.Trim()}' is taken (user names are compared ignoring case).", request.UserName.Trim());
        if (request.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId, cancellationToken))
            errors.Add("unitId", "UnitUnknown", $"There is no unit {unitId}; GET /api/units lists the units you may choose.", unitId);
        if (request.OfficerId is { } officerId)
        {
            var squad = await db.Officers.Where(o => o.Id == officerId).Select(o => (long?)o.SquadId).SingleOrDefaultAsync(cancellationToken);
            if (squad is null || !await actor.CanReachUnitAsync(squad, cancellationToken))
                errors.Add("officerId", "OfficerOutOfScope", $"There is no officer {officerId} within your units.", officerId);
            else if (request.UnitId is { } unit && !(await units.SubtreeAsync(unit, cancellationToken)).Contains(squad.Value))
                errors.Add("officerId", "OfficerNotInUnit", $"Officer {officerId} does not belong to unit {unit}.", officerId, unit);
        }
    }
}

internal static class UserNames
{
    /// <summary>Whether an account already has this name, ignoring case: "Admin" and "admin" would be told apart by nobody.</summary>
    public static Task<bool> TakenAsync(AssessmentDbContext db, string userName, CancellationToken cancellationToken)
    {
        var lower = userName.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // Runs as SQL lower(): neither the culture nor a StringComparison reaches the database.
        return db.Set<UserAccount>().AnyAsync(u => u.UserName.ToLower() == lower, cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }
}

internal sealed class CreateUserHandler(AssessmentDbContext db, IPasswordHasher<UserAccount> hasher, AuditLog audit, TimeProvider clock)
    : IRequestHandler<CreateUser, UserView>
{
    public async ValueTask<UserView> Handle(CreateUser request, CancellationToken cancellationToken)
    {
        var user = new UserAccount(request.UserName.Trim(), request.DisplayName.Trim(), request.Role, request.UnitId, request.OfficerId, clock.GetUtcNow().UtcDateTime);
        user.ChangePasswordHash(hasher.HashPassword(user, request.Password), mustChange: request.MustChangePassword ?? true);
        db.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        var view = user.ToView();
        audit.Concerning(user.UnitId).Describe(nameof(UserAccount), user.Id, before: null, after: view);
        return view;
    }
}
