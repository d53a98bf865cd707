using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Features.Dashboard;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Tokens;

/// <summary>接口令牌: machine clients' bearer tokens within the admin's units; issue one (its text shown once), revoke, rotate.</summary>
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<ApiTokenView> Tokens { get; private set; } = [];

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<Role> Roles => CreateApiToken.TokenRoles;

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public long? UnitId { get; set; }

    /// <summary>A token text just issued, shown on this response only.</summary>
    public IssuedApiToken? Issued { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<Role>(Role, out var role))
            ModelState.AddModelError(nameof(Role), t["Tokens.RoleRequired"]);
        else
        {
            try
            {
                Issued = await mediator.Send(new CreateApiToken(Name?.Trim() ?? "", role, UnitId), cancellationToken);
                Message = t["Tokens.Created", Issued.Token.Name];
                ModelState.Clear();
                Name = null;
            }
            catch (ValidationException invalid)
            {
                Refusals.AddTo(ModelState, t, invalid, field => char.ToUpperInvariant(field[0]) + field[1..]);
            }
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            var token = await mediator.Send(new RevokeApiToken(id), cancellationToken);
            Message = t["Tokens.Revoked", token.Name];
            return RedirectToPage();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostRotateAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            Issued = await mediator.Send(new RotateApiToken(id), cancellationToken);
            Message = t["Tokens.Rotated", Issued.Token.Name];
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ConflictException)
        {
            ModelState.AddModelError(string.Empty, t["Tokens.RevokedCannotRotate"]);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public string UnitName(long? unitId) =>
        unitId is { } id ? Units.FirstOrDefault(u => u.Id == id)?.FullName ?? t["Users.UnknownUnit", id].Value : t["Layout.WholeDetachment"].Value;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tokens = await mediator.Send(new ListApiTokens(), cancellationToken);
        Units = await mediator.Send(new UnitsInScope(), cancellationToken);
    }
}
