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

    public static IReadOnlyList<PageArea> All { get; } = [Dashboard, Review, Rules, Runs, Officers, Audit];
}

/// <summary>One link of the main navigation.</summary>
public sealed record NavigationEntry(string Href, string TitleKey);

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
