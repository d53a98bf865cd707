using System.Security.Cryptography;
using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Features.Dashboard;
using AssessmentEngine.Web.Features.Organization;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Users;

/// <summary>
/// 用户管理: the accounts within the admin's units; create one (role, a unit from the tree, an officer link for an Officer),
/// disable and enable, reset a password (generated, shown once, changed at the next sign-in), unlock.
/// </summary>
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t, TimeProvider clock) : PageModel
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<OfficerOption> Officers { get; private set; } = [];

    public IReadOnlyList<Role> Roles => CreateUser.PeopleRoles;

    [BindProperty]
    public NewUserForm Form { get; set; } = new();

    /// <summary>A password just generated for an account, shown on this response only.</summary>
    public (string UserName, string Password)? Issued { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var password = string.IsNullOrEmpty(Form.Password) ? Generate() : Form.Password;
        if (!Enum.TryParse<Role>(Form.Role, out var role))
            ModelState.AddModelError("Form.Role", t["Users.RoleRequired"]);
        else
        {
            try
            {
                var user = await mediator.Send(new CreateUser(Form.UserName?.Trim() ?? "", Form.DisplayName?.Trim() ?? "", role, Form.UnitId, role == Role.Officer ? Form.OfficerId : null, password), cancellationToken);
                Issued = (user.UserName, password);
                Message = t["Users.Created", user.UserName];
                Form = new NewUserForm();
                ModelState.Clear();
            }
            catch (ValidationException invalid)
            {
                Refusals.AddTo(ModelState, t, invalid, field => "Form." + char.ToUpperInvariant(field[0]) + field[1..]);
            }
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(long id, CancellationToken cancellationToken)
    {
        var password = Generate();
        var user = await SendAsync(new ResetPassword(id, password), cancellationToken);
        if (user is null) return NotFound();
        Issued = (user.UserName, password);
        Message = t["Users.PasswordReset", user.UserName];
        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostDisableAsync(long id, CancellationToken cancellationToken) => ActAsync(new DisableUser(id), "Users.Disabled", cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(long id, CancellationToken cancellationToken) => ActAsync(new EnableUser(id), "Users.Enabled", cancellationToken);

    public Task<IActionResult> OnPostUnlockAsync(long id, CancellationToken cancellationToken) => ActAsync(new UnlockUser(id), "Users.Unlocked", cancellationToken);

    public bool IsLocked(UserView user) => user?.LockedUntil is { } until && until > clock.GetUtcNow().UtcDateTime;

    public string UnitName(long? unitId) =>
        unitId is { } id ? Units.FirstOrDefault(u => u.Id == id)?.FullName ?? t["Users.UnknownUnit", id].Value : t["Layout.WholeDetachment"].Value;

    public string OfficerName(long? officerId) =>
        officerId is { } id ? Officers.FirstOrDefault(o => o.Id == id) is { } o ? $"{o.BadgeNumber} {o.Name}" : t["Users.UnknownOfficer", id].Value : "";

    private async Task<IActionResult> ActAsync(IRequest<UserView> command, string doneKey, CancellationToken cancellationToken)
    {
        try
        {
            var user = await SendAsync(command, cancellationToken);
            if (user is null) return NotFound();
            Message = t[doneKey, user.UserName];
            return RedirectToPage();
        }
        catch (ConflictException)
        {
            // The only conflict of these commands: an admin disabling their own account.
            ModelState.AddModelError(string.Empty, t["Users.CannotDisableSelf"]);
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    /// <summary>Sends a command on one account; null when the account is not within the admin's units.</summary>
    private async Task<UserView?> SendAsync(IRequest<UserView> command, CancellationToken cancellationToken)
    {
        try
        {
            return await mediator.Send(command, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private static string Generate() => RandomNumberGenerator.GetString(PasswordAlphabet, 14);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Users = await mediator.Send(new ListUsers(), cancellationToken);
        Units = await mediator.Send(new UnitsInScope(), cancellationToken);
        Officers = await mediator.Send(new OfficersInScope(), cancellationToken);
    }

    public sealed class NewUserForm
    {
        public string? UserName { get; set; }

        public string? DisplayName { get; set; }

        public string? Role { get; set; }

        public long? UnitId { get; set; }

        public long? OfficerId { get; set; }

        /// <summary>Empty: a password is generated and shown once.</summary>
        public string? Password { get; set; }
    }
}
