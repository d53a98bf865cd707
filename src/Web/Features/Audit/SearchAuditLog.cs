using System.Text.Json;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Audit;

/// <summary>A page of audit entries, newest first.</summary>
[AllowedRoles(Role.Auditor, Role.Admin)]
public sealed record SearchAuditLog(AuditFilter Filter, int Page, int PageSize) : IRequest<AuditPage>, IValidatable
{
    public const int MaxPageSize = 500;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Filter.Validate(errors);
        errors.Check(Page >= 1, "page", "PageFromOne", "Pages start at 1.");
        errors.Check(PageSize is >= 1 and <= MaxPageSize, "pageSize", "PageSizeRange", $"A page holds 1 to {MaxPageSize} rows.", MaxPageSize);
    }
}

public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, int Page, int PageSize, int Total);

public sealed record AuditEntryView(long Id, DateTime At, string Actor, string ActorKind, string Action, string? EntityType, string? EntityId,
    JsonElement? Before, JsonElement? After, string? RequestId, string? IpAddress, long? UnitId)
{
    public static AuditEntryView Of(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Id, DateTime.SpecifyKind(entry.At, DateTimeKind.Utc), entry.Actor, entry.ActorKind, entry.Action, entry.EntityType, entry.EntityId,
            Parse(entry.BeforeJson), Parse(entry.AfterJson), entry.RequestId, entry.IpAddress, entry.UnitId);
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}

internal sealed class SearchAuditLogHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<SearchAuditLog, AuditPage>
{
    public async ValueTask<AuditPage> Handle(SearchAuditLog request, CancellationToken cancellationToken)
    {
        var entries = request.Filter.Apply(await AuditFilter.InScopeAsync(db.Set<AuditEntry>().AsNoTracking(), actor, cancellationToken));
        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(e => e.Id)
            .Skip((request.Page - 1) * request.PageSize)
            .Take(request.PageSize)
            .ToListAsync(cancellationToken);
        return new AuditPage(page.ConvertAll(AuditEntryView.Of), request.Page, request.PageSize, total);
    }
}
