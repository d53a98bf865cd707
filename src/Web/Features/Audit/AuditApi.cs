using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentEngine.Web.Features.Audit;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        audit.MapGet("/", Search).RequireRolesOf<SearchAuditLog>();
        audit.MapGet("/export", Export).RequireRolesOf<ExportAuditLog>();
        return app;
    }

    private static async Task<Ok<AuditPage>> Search([AsParameters] AuditFilter filter, IMediator mediator, CancellationToken cancellationToken,
        int page = 1, int pageSize = 50) =>
        TypedResults.Ok(await mediator.Send(new SearchAuditLog(filter, page, pageSize), cancellationToken));

    private static async Task<PushStreamHttpResult> Export([AsParameters] AuditFilter filter, IMediator mediator, CancellationToken cancellationToken,
        string format = "csv")
    {
        var entries = await mediator.Send(new ExportAuditLog(filter, format), cancellationToken);
        return TypedResults.Stream(
            body => AuditCsv.WriteAsync(entries, body, cancellationToken),
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: "audit.csv");
    }
}
