using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Ingestion;

public static class IngestionApi
{
    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limit = app.ServiceProvider.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxBodyBytes;
        var ingest = app.MapGroup("/api/ingest").WithTags("Ingestion")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        ingest.MapGet("/kinds", Kinds).RequireRolesOf<ListIngestionBatches>();
        ingest.MapGet("/batches", List).RequireRolesOf<ListIngestionBatches>().ProducesValidationProblem();
        ingest.MapPost("/{kind}", Ingest).RequireRolesOf<IngestBatch>()
            .Accepts<IReadOnlyList<Dictionary<string, object>>>(BatchReader.Json, BatchReader.Csv)
            .Produces<IngestionReport>(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithMetadata(new BatchBodyLimit(limit));
        return app;
    }

    /// <summary>
    /// Reads the body as it arrives (never buffered whole). 200 with the counts when the batch is stored; 422 with every
    /// error (row, field, value, why) when it is refused, in which case nothing of it was stored.
    /// </summary>
    private static async Task<Results<Ok<IngestionReport>, UnprocessableEntity<IngestionReport>>> Ingest(string kind, HttpRequest request, IMediator mediator, IReaderWords words, CancellationToken cancellationToken)
    {
        var report = await mediator.Send(new IngestBatch(kind, request.ContentType, request.Body), cancellationToken);
        // Rows the domain refused also say why in the reader's language, beside the English message programs match on.
        report = report with { Errors = [.. report.Errors.Select(e => e.Code is { } code ? e with { Text = words.Say(request, new CodedMessage(code, e.Message, e.Arguments)) } : e)] };
        return report.Status == IngestionStatus.Accepted ? TypedResults.Ok(report) : TypedResults.UnprocessableEntity(report);
    }

    public sealed record FactKindView(string Name, string Description, IReadOnlyList<FactField> Fields);

    /// <summary>Every ingestible kind and its fields, from the same description that parses the batches.</summary>
    private static Ok<FactKindView[]> Kinds() =>
        TypedResults.Ok(FactKinds.All.Select(k => new FactKindView(k.Name, k.Description, k.Fields)).ToArray());

    private static async Task<Ok<IReadOnlyList<IngestionBatchView>>> List(IMediator mediator, CancellationToken cancellationToken, string? kind = null, int take = 100) =>
        TypedResults.Ok(await mediator.Send(new ListIngestionBatches(kind, take), cancellationToken));

    /// <summary>A batch may be far larger than any other request; the request-limit middleware honours this.</summary>
    private sealed record BatchBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
