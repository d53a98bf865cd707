using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Features.Appeals;
using AssessmentEngine.Web.Features.Audit;
using AssessmentEngine.Web.Features.Dashboard;
using AssessmentEngine.Web.Features.Results;
using AssessmentEngine.Web.Features.Reviews;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Infrastructure.Security;

namespace AssessmentEngine.Web.Pages;

/// <summary>
/// A folder of pages and the roles that may open it; the same table drives the authorization conventions and the
/// navigation, so a menu entry is shown exactly when its pages would open.
/// </summary>
/// <param name="Folder">Razor Pages folder, e.g. "/Dashboard".</param>
/// <param name="Path">Where the navigation links to; null for folders reached only from other pages.</param>
/// <param name="TitleKey">Key of the navigation text in <see cref="SharedResource"/>.</param>
public sealed record PageArea(string Folder, string? Path, string TitleKey, IReadOnlyList<Role> Roles)
{
    public string Policy => "pages:" + Folder;

    public bool Allows(Role? role) => role is { } r && Roles.Contains(r);
}

/// <summary>Who may open which pages: the roles declared on the request each folder is for, as the API reads them.</summary>
public static class PageAreas
{
    /// <summary>仪表盘: results across units (GET /api/periods/…, /api/outcomes).</summary>
    public static readonly PageArea Dashboard = new("/Dashboard", "/dashboard", "Nav.Dashboard", AllowedRoles.Of<LeadershipDashboard>());

    /// <summary>评审: approving and rejecting outcomes, publishing runs (Leader/Admin on the API).</summary>
    public static readonly PageArea Review = new("/Review", "/review", "Nav.Review", AllowedRoles.Of<ApproveOutcome>());

    /// <summary>规则: validating, dry-running and activating rule sets (Inspector/Admin on the API).</summary>
    public static readonly PageArea Rules = new("/Rules", "/rules", "Nav.Rules", AllowedRoles.Of<SaveRuleSetVersion>());

    /// <summary>运行: run history and starting a run (POST /api/runs: Admin/Inspector/Leader).</summary>
    public static readonly PageArea Runs = new("/Runs", "/runs", "Nav.Runs", AllowedRoles.Of<EvaluatePeriod>());

    /// <summary>An officer's profile: every reader within unit scope, and an Officer for their own (checked on the page).</summary>
    public static readonly PageArea Officers = new("/Officers", null, "Nav.MyResults", AllowedRoles.Of<OfficerExplanation>());

    /// <summary>审计: the audit log (Auditor/Admin on the API).</summary>
    public static readonly PageArea Audit = new("/Audit", "/audit", "Nav.Audit", AllowedRoles.Of<SearchAuditLog>());

    /// <summary>申诉待办: the appeals waiting for a decision (uphold/reject on the API: Inspector/Admin).</summary>
    public static readonly PageArea Appeals = new("/Appeals", "/appeals", "Nav.Appeals", AllowedRoles.Of<UpholdAppeal>());

    /// <summary>用户: accounts within the admin's units (/api/users: Admin).</summary>
    public static readonly PageArea Users = new("/Users", "/admin/users", "Nav.Users", AllowedRoles.Of<CreateUser>());

    /// <summary>接口令牌: machine tokens (/api/tokens: Admin).</summary>
    public static readonly PageArea Tokens = new("/Tokens", "/admin/tokens", "Nav.Tokens", AllowedRoles.Of<CreateApiToken>());

    /// <summary>The signed-in person's own account: changing their password (POST /api/auth/password: every person).</summary>
    public static readonly PageArea Account = new("/Account", null, "Nav.Account", AllowedRoles.Of<ChangeOwnPassword>());

    /// <summary>Sheets to print: a unit's 公示 list and an interview record, for those who publish results and hold interviews.</summary>
    public static readonly PageArea Print = new("/Print", null, "Nav.Print", [Role.Leader, Role.Inspector, Role.Admin]);

    public static IReadOnlyList<PageArea> All { get; } = [Dashboard, Review, Appeals, Rules, Runs, Officers, Audit, Users, Tokens, Account, Print];
}

/// <summary>One link of the main navigation.</summary>
public sealed record NavigationEntry(string Href, string TitleKey);

/// <summary>How many items wait in the inboxes the navigation links to, by link: pending appeals, proposals to decide.</summary>
public sealed class InboxCounts(IMediator mediator, CurrentActor actor)
{
    public async Task<IReadOnlyDictionary<string, int>> ForAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (PageAreas.Appeals.Allows(actor.Role))
            counts[PageAreas.Appeals.Path!] = (await mediator.Send(new ListAppeals(Status: nameof(AppealStatus.Filed)), cancellationToken)).Count;
        if (PageAreas.Review.Allows(actor.Role))
            counts[PageAreas.Review.Path!] = (await mediator.Send(new OutcomesToReview(Status: nameof(OutcomeStatus.Proposed)), cancellationToken)).Count;
        return counts;
    }
}

public static class Navigation
{
    /// <summary>The entries <paramref name="actor"/> may open, in menu order; an Officer's own profile is "我的考核".</summary>
    public static IReadOnlyList<NavigationEntry> For(CurrentActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var entries = new List<NavigationEntry>();
        foreach (var area in PageAreas.All)
        {
            if (area.Path is { } path && area.Allows(actor.Role))
                entries.Add(new NavigationEntry(path, area.TitleKey));
            if (area == PageAreas.Officers && actor.Role == Role.Officer && actor.OfficerId is { } officer)
                entries.Add(new NavigationEntry(FormattableString.Invariant($"/officers/{officer}"), area.TitleKey));
        }
        return entries;
    }
}
