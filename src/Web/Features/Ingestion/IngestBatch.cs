using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;

namespace AssessmentEngine.Web.Features.Ingestion;

/// <summary>
/// A batch of one kind of fact sent to the API as JSON or CSV, read straight from the request body. Not an
/// <see cref="ICommand{TResponse}"/>: the pipeline owns its transactions, because a refused batch is recorded and
/// audited after its data was rolled back.
/// </summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.System)]
public sealed record IngestBatch(string Kind, string? ContentType, Stream Body) : IRequest<IngestionReport>;

internal sealed class IngestBatchHandler(IngestionPipeline pipeline, CurrentActor actor) : IRequestHandler<IngestBatch, IngestionReport>
{
    public async ValueTask<IngestionReport> Handle(IngestBatch request, CancellationToken cancellationToken)
    {
        var kind = FactKinds.Find(request.Kind)
            ?? throw new NotFoundException("FactKindNotFound", $"No fact kind '{request.Kind}'; the kinds are {string.Join(", ", FactKinds.All.Select(k => k.Name))}.", request.Kind, string.Join(", ", FactKinds.All.Select(k => k.Name)));
        var reader = BatchReader.For(request.ContentType, kind, request.Body)
            ?? throw new BadHttpRequestException($"Send the batch as {BatchReader.Json} (an array of objects) or {BatchReader.Csv} (a header row naming the fields).", StatusCodes.Status415UnsupportedMediaType);
        var sender = new IngestionSender(actor.Kind, actor.Id, actor.Name, actor.UnitId);
        return await pipeline.IngestAsync(kind, reader, request.ContentType!.Split(';')[0].Trim(), sender, cancellationToken: cancellationToken);
    }
}
