using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Ingestion;

public sealed record IngestionBatchView(
    Guid Id,
    string Kind,
    string? Source,
    string ActorKind,
    string ActorName,
    long? UnitId,
    string ContentType,
    DateTimeOffset ReceivedAt,
    DateTimeOffset FinishedAt,
    long Rows,
    long Accepted,
    long Duplicates,
    long Errors,
    IngestionStatus Status,
    string? ErrorSummary);

/// <summary>
/// The ingestion history, newest first. A machine token sees only its own batches; people see the batches sent within
/// their unit scope (a batch's scope is its sender's).
/// </summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Auditor, Role.System)]
public sealed record ListIngestionBatches(string? Kind, int Take = 100) : IRequest<IReadOnlyList<IngestionBatchView>>, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(Kind is null || FactKinds.Find(Kind) is not null, "kind", "UnknownValue", $"'{Kind}' is not a valid value; one of {string.Join(", ", FactKinds.All.Select(k => k.Name))}.", Kind, string.Join(", ", FactKinds.All.Select(k => k.Name)));
        errors.Check(Take is >= 1 and <= 1000, "take", "TakeRange", "take is between 1 and 1000.", 1000);
    }
}

internal sealed class ListIngestionBatchesHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<ListIngestionBatches, IReadOnlyList<IngestionBatchView>>
{
    public async ValueTask<IReadOnlyList<IngestionBatchView>> Handle(ListIngestionBatches request, CancellationToken cancellationToken)
    {
        var batches = db.Set<IngestionBatch>().AsNoTracking();
        if (request.Kind is { } kind)
        {
            var name = FactKinds.Find(kind)!.Name;
            batches = batches.Where(b => b.Kind == name);
        }
        if (actor.Role == Role.System)
        {
            var kindName = actor.Kind.ToString();
            batches = batches.Where(b => b.ActorKind == kindName && b.ActorId == actor.Id);
        }
        else if (await actor.ReachableUnitsAsync(cancellationToken) is { } reachable)
        {
            var units = reachable.ToList();
            batches = batches.Where(b => b.UnitId != null && units.Contains(b.UnitId.Value));
        }
        var page = await batches.OrderByDescending(b => b.ReceivedAt).ThenByDescending(b => b.Id).Take(request.Take).ToListAsync(cancellationToken);
        return page.ConvertAll(b => new IngestionBatchView(b.Id, b.Kind, b.Source, b.ActorKind, b.ActorName, b.UnitId, b.ContentType,
            b.ReceivedAt, b.FinishedAt, b.Rows, b.Accepted, b.Duplicates, b.Errors, b.Status, b.ErrorSummary));
    }
}
