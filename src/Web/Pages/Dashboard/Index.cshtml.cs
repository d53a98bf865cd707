using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Web.Features.Dashboard;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Dashboard;

/// <summary>
/// 仪表盘: the <see cref="LeadershipDashboard"/> request of GET /api/dashboard for the chosen period and unit, shown as
/// KPI tiles, server-rendered charts and tables. No completed run yet: a friendly empty state instead of an error.
/// </summary>
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? UnitId { get; set; }

    /// <summary>Which page of the squad ranking is shown; a detachment can have hundreds of squads.</summary>
    [BindProperty(SupportsGet = true)]
    public int SquadPage { get; set; } = 1;

    public int SquadPages => View is null ? 1 : Math.Max(1, (View.SquadCount + View.ListLength - 1) / Math.Max(1, View.ListLength));

    /// <summary>The address of page <paramref name="number"/> of the squad ranking, keeping the period and unit.</summary>
    public string SquadPageHref(int number)
    {
        var query = new List<string> { "period=" + Uri.EscapeDataString(View!.Period) };
        if (View.UnitId is { } unit) query.Add(FormattableString.Invariant($"unitId={unit}"));
        if (number > 1) query.Add(FormattableString.Invariant($"squadPage={number}"));
        return "/dashboard?" + string.Join("&", query) + "#squads-heading";
    }

    /// <summary>The review queue of the period, narrowed to the unit shown.</summary>
    public string ReviewHref => "/review?period=" + Uri.EscapeDataString(View!.Period) + (View.UnitId is { } unit ? FormattableString.Invariant($"&unitId={unit}") : "");

    public DashboardView? View { get; private set; }

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    /// <summary>What the export is limited to: the chosen brigade or squad (a squad leader cannot export the squad's brigade).</summary>
    public string? ExportFilter { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Units = await mediator.Send(new UnitsInScope(), cancellationToken);
        try
        {
            View = await mediator.Send(new LeadershipDashboard(Period, UnitId, SquadPage: Math.Max(1, SquadPage)), cancellationToken);
        }
        catch (NotFoundException) when (Period is null && UnitId is null)
        {
            // Nothing evaluated yet: the page explains that instead of failing.
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationException)
        {
            return NotFound();
        }
        var unit = Units.FirstOrDefault(u => u.Id == View.UnitId);
        ExportFilter = unit?.Kind switch
        {
            UnitKind.Brigade => FormattableString.Invariant($"&brigadeId={unit.Id}"),
            UnitKind.Squad => FormattableString.Invariant($"&squadId={unit.Id}"),
            _ => null,
        };
        return Page();
    }

    public string ExportUrl(string format)
    {
        var url = FormattableString.Invariant($"/api/periods/{Uri.EscapeDataString(View!.Period)}/export?format={format}");
        return url + ExportFilter;
    }

    public ChartData GradeChart()
    {
        var view = View!;
        var description = string.Join(t["Dashboard.ListSeparator"].Value, view.Grades.Select(g => t["Dashboard.GradeChartItem", g.Grade, g.Officers].Value));
        return new ChartData(t["Dashboard.GradeChartTitle", view.Period], description, [.. view.Grades.Select(g => g.Grade)],
            [new ChartSeries(t["Dashboard.OfficerCount"], [.. view.Grades.Select(g => (double?)g.Officers)])])
        { ValueLabel = t["Dashboard.PeopleUnit"] };
    }

    public ChartData TrendChart()
    {
        var view = View!;
        var description = view.Trend.Count == 0 ? t["Dashboard.NoTrend"].Value
            : string.Join(t["Dashboard.ListSeparator"].Value, view.Trend.Select(m => t["Dashboard.TrendChartItem", m.Period, PointsText.Format(m.AverageScore)].Value));
        return new ChartData(t["Dashboard.TrendChartTitle"], description, [.. view.Trend.Select(m => m.Period)],
            [new ChartSeries(t["Dashboard.AverageScore"], [.. view.Trend.Select(m => (double?)m.AverageScore)])])
        { ValueLabel = t["Dashboard.PointsUnit"] };
    }

    /// <summary>Every grade that occurs in the trend, best first, for the trend table's columns.</summary>
    public IReadOnlyList<string> TrendGrades() =>
        View!.Trend.SelectMany(m => m.Grades).GroupBy(g => g.Grade).OrderByDescending(g => g.Max(x => x.AverageScore)).Select(g => g.Key).ToList();
}
