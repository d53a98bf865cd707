using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentEngine.Web.Features.Appeals;

public static class AppealsApi
{
    public sealed record Decision(double Points, string Reason);

    public sealed record Rejection(string Reason);

    public static IEndpointRouteBuilder MapAppealsApi(this IEndpointRouteBuilder app)
    {
        var appeals = app.MapGroup("/api/appeals").WithTags("Appeals")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        appeals.MapGet("/", List).RequireRolesOf<ListAppeals>();
        appeals.MapPost("/", File).RequireRolesOf<FileAppeal>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        appeals.MapPost("/{id:guid}/uphold", Uphold).RequireRolesOf<UpholdAppeal>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        appeals.MapPost("/{id:guid}/reject", Reject).RequireRolesOf<RejectAppeal>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<AppealView>>> List(Guid? runId, string? status, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListAppeals(runId, status), cancellationToken));

    private static async Task<Created<AppealView>> File(FileAppeal body, IMediator mediator, CancellationToken cancellationToken)
    {
        var appeal = await mediator.Send(body, cancellationToken);
        return TypedResults.Created($"/api/appeals/{appeal.Id}", appeal);
    }

    private static async Task<Ok<AppealView>> Uphold(Guid id, Decision body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new UpholdAppeal(id, body.Points, body.Reason), cancellationToken));

    private static async Task<Ok<AppealView>> Reject(Guid id, Rejection body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RejectAppeal(id, body.Reason), cancellationToken));
}
