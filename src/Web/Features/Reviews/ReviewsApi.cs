using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentEngine.Web.Features.Reviews;

public static class ReviewsApi
{
    public sealed record Rejection(string Reason);

    public sealed record InterviewPlan(string Interviewer, DateTimeOffset At, InterviewLevel Level);

    public sealed record InterviewRecord(DateTimeOffset HeldAt, string Notes);

    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var outcomes = app.MapGroup("/api/outcomes").WithTags("Review")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        outcomes.MapGet("/", Queue).RequireRolesOf<OutcomesToReview>();
        outcomes.MapPost("/{id:guid}/approve", Approve).RequireRolesOf<ApproveOutcome>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        outcomes.MapPost("/{id:guid}/reject", Reject).RequireRolesOf<RejectOutcome>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        outcomes.MapPost("/{id:guid}/schedule", Schedule).RequireRolesOf<ScheduleInterview>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        outcomes.MapPost("/{id:guid}/hold", Hold).RequireRolesOf<RecordInterview>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var runs = app.MapGroup("/api/runs/{runId:guid}").WithTags("Review")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        runs.MapPost("/publish", Publish).RequireRolesOf<PublishRun>().ProducesValidationProblem();
        runs.MapPost("/finalize", MakeFinal).RequireRolesOf<FinalizeRun>();
        return app;
    }

    private static async Task<Ok<IReadOnlyList<OutcomeView>>> Queue(string? period, string? status, string? kind, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new OutcomesToReview(period, status ?? "Proposed", kind), cancellationToken));

    private static async Task<Ok<OutcomeView>> Approve(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ApproveOutcome(id), cancellationToken));

    private static async Task<Ok<OutcomeView>> Reject(Guid id, Rejection body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RejectOutcome(id, body.Reason), cancellationToken));

    private static async Task<Ok<OutcomeView>> Schedule(Guid id, InterviewPlan body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ScheduleInterview(id, body.Interviewer, body.At, body.Level), cancellationToken));

    private static async Task<Ok<OutcomeView>> Hold(Guid id, InterviewRecord body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RecordInterview(id, body.HeldAt, body.Notes), cancellationToken));

    /// <summary>The appeal window is N working days (query `appealWorkingDays`, default 3).</summary>
    private static async Task<Ok<PublicationView>> Publish(Guid runId, int? appealWorkingDays, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new PublishRun(runId, appealWorkingDays ?? EvaluationRun.DefaultAppealWorkingDays), cancellationToken));

    private static async Task<Ok<PublicationView>> MakeFinal(Guid runId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new FinalizeRun(runId), cancellationToken));
}
