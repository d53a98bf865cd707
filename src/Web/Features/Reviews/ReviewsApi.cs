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

    public sealed record Reopening(string Reason);

    /// <summary>The outcomes to approve together, at most <see cref="ApproveOutcomes.MaxBatch"/>.</summary>
    public sealed record Approvals(IReadOnlyList<Guid> OutcomeIds);

    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var outcomes = app.MapGroup("/api/outcomes").WithTags("Review")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        outcomes.MapGet("/", Queue).RequireRolesOf<OutcomesToReview>();
        outcomes.MapPost("/approve", ApproveMany).RequireRolesOf<ApproveOutcomes>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        outcomes.MapPost("/{id:guid}/approve", Approve).RequireRolesOf<ApproveOutcome>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        outcomes.MapPost("/{id:guid}/reject", Reject).RequireRolesOf<RejectOutcome>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        outcomes.MapPost("/{id:guid}/schedule", Schedule).RequireRolesOf<ScheduleInterview>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        outcomes.MapPost("/{id:guid}/hold", Hold).RequireRolesOf<RecordInterview>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var assessments = app.MapGroup("/api/assessments").WithTags("Review")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        assessments.MapGet("/", List).RequireRolesOf<ListAssessments>();
        assessments.MapGet("/{period}", Show).RequireRolesOf<ShowAssessment>().ProducesValidationProblem();
        assessments.MapGet("/{period}/changes", Changes).RequireRolesOf<ChangeListOf>().ProducesValidationProblem();
        assessments.MapPost("/{period}/publish", PublishPeriod).RequireRolesOf<PublishAssessment>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        assessments.MapPost("/{period}/finalize", FinalizePeriod).RequireRolesOf<FinalizeAssessment>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        assessments.MapPost("/{period}/reopen", Reopen).RequireRolesOf<ReopenAssessment>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        // The run-based routes act on the run's assessment and answer 409 for a run that is no longer current.
        var runs = app.MapGroup("/api/runs/{runId:guid}").WithTags("Review")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        runs.MapPost("/publish", PublishRun).RequireRolesOf<PublishAssessment>().ProducesValidationProblem();
        runs.MapPost("/finalize", FinalizeRun).RequireRolesOf<FinalizeAssessment>();
        return app;
    }

    /// <summary>Filters: period, status (default Proposed; Withdrawn, All), kind, interview level, unitId (that unit and the units below it).</summary>
    private static async Task<Ok<IReadOnlyList<OutcomeView>>> Queue(string? period, string? status, string? kind, string? level, long? unitId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new OutcomesToReview(period, status ?? "Proposed", kind, level, unitId), cancellationToken));

    private static async Task<Ok<IReadOnlyList<OutcomeView>>> ApproveMany(Approvals body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ApproveOutcomes(body.OutcomeIds ?? []), cancellationToken));

    private static async Task<Ok<OutcomeView>> Approve(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ApproveOutcome(id), cancellationToken));

    private static async Task<Ok<OutcomeView>> Reject(Guid id, Rejection body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RejectOutcome(id, body.Reason), cancellationToken));

    private static async Task<Ok<OutcomeView>> Schedule(Guid id, InterviewPlan body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ScheduleInterview(id, body.Interviewer, body.At, body.Level), cancellationToken));

    private static async Task<Ok<OutcomeView>> Hold(Guid id, InterviewRecord body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RecordInterview(id, body.HeldAt, body.Notes), cancellationToken));

    private static async Task<Ok<IReadOnlyList<AssessmentView>>> List(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListAssessments(), cancellationToken));

    private static async Task<Ok<AssessmentView>> Show(string period, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ShowAssessment(period), cancellationToken));

    private static async Task<Ok<ChangeListView>> Changes(string period, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ChangeListOf(period), cancellationToken));

    /// <summary>The appeal window is N working days (query `appealWorkingDays`, default 3); `confirmPending=true` publishes with proposals still pending.</summary>
    private static async Task<Ok<AssessmentView>> PublishPeriod(string period, int? appealWorkingDays, bool? confirmPending, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new PublishAssessment(period, appealWorkingDays ?? PeriodAssessment.DefaultAppealWorkingDays, confirmPending ?? false), cancellationToken));

    private static async Task<Ok<AssessmentView>> FinalizePeriod(string period, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new FinalizeAssessment(period), cancellationToken));

    private static async Task<Ok<AssessmentView>> Reopen(string period, Reopening body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ReopenAssessment(period, body.Reason), cancellationToken));

    private static async Task<Ok<AssessmentView>> PublishRun(Guid runId, int? appealWorkingDays, bool? confirmPending, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new PublishAssessment(null, appealWorkingDays ?? PeriodAssessment.DefaultAppealWorkingDays, confirmPending ?? false, runId), cancellationToken));

    private static async Task<Ok<AssessmentView>> FinalizeRun(Guid runId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new FinalizeAssessment(null, runId), cancellationToken));
}
