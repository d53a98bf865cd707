using System.Globalization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Audit;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Audit;

/// <summary>
/// 审计: the audit log with filters (dates are Asia/Shanghai days, both ends included), a page at a time, and the CSV
/// export of the same filter from GET /api/audit/export.
/// </summary>
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? FromDate { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? ToDate { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "operation")]
    public string? ActionName { get; set; }

    [BindProperty(SupportsGet = true, Name = "entity")]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AuditPage? Entries { get; private set; }

    public int Pages => Entries is null ? 0 : Math.Max(1, (Entries.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (PageNumber < 1) PageNumber = 1;
        try
        {
            Entries = await mediator.Send(new SearchAuditLog(Filter(), PageNumber, PageSize), cancellationToken);
        }
        catch (ValidationException validation)
        {
            Refusals.AddTo(ModelState, t, validation, field => field == "from" ? "from" : "");
        }
    }

    /// <summary>The filter the table and the export share: whole Beijing days from <see cref="FromDate"/> to <see cref="ToDate"/>.</summary>
    public AuditFilter Filter() => new(
        FromDate is { } from ? StartOf(from) : null,
        ToDate is { } to ? StartOf(to.AddDays(1)) : null,
        Blank(Actor), Blank(ActionName), Blank(EntityType), null);

    /// <summary>The export link: /api/audit/export with the same filter.</summary>
    public string ExportUrl()
    {
        var filter = Filter();
        var query = new List<string> { "format=csv" };
        if (filter.From is { } f) query.Add("from=" + Uri.EscapeDataString(f.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)));
        if (filter.To is { } t) query.Add("to=" + Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)));
        if (filter.Actor is { } a) query.Add("actor=" + Uri.EscapeDataString(a));
        if (filter.Action is { } n) query.Add("action=" + Uri.EscapeDataString(n));
        if (filter.EntityType is { } e) query.Add("entityType=" + Uri.EscapeDataString(e));
        return "/api/audit/export?" + string.Join("&", query);
    }

    /// <summary>This page of results at another page number, filters kept.</summary>
    public string PageUrl(int page)
    {
        var query = new List<string>();
        if (FromDate is { } from) query.Add("from=" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (ToDate is { } to) query.Add("to=" + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (Blank(Actor) is { } a) query.Add("actor=" + Uri.EscapeDataString(a));
        if (Blank(ActionName) is { } n) query.Add("operation=" + Uri.EscapeDataString(n));
        if (Blank(EntityType) is { } e) query.Add("entity=" + Uri.EscapeDataString(e));
        query.Add("p=" + page.ToString(CultureInfo.InvariantCulture));
        return "/audit?" + string.Join("&", query);
    }

    private static DateTimeOffset StartOf(DateOnly day) => ShanghaiTime.ToInstant(day);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
