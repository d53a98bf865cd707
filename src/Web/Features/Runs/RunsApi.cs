using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentEngine.Web.Features.Runs;

public static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("Runs")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        runs.MapGet("/", List).RequireRolesOf<ListRuns>().ProducesValidationProblem();
        runs.MapGet("/{id:guid}", Get).RequireRolesOf<GetRun>().ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapPost("/{id:guid}/cross-check/acknowledge", Acknowledge).RequireRolesOf<AcknowledgeCrossCheck>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        runs.MapPost("/", Evaluate).RequireRolesOf<EvaluatePeriod>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var scheduler = app.MapGroup("/api/scheduler").WithTags("Scheduler")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        scheduler.MapGet("/", Show).RequireRolesOf<ShowScheduler>();
        scheduler.MapPost("/pause", Pause).RequireRolesOf<PauseScheduler>();
        scheduler.MapPost("/resume", Resume).RequireRolesOf<ResumeScheduler>();
        scheduler.MapPost("/trigger/{job}", Trigger).RequireRolesOf<TriggerEvaluation>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public sealed record EvaluateBody(string? Period);

    public sealed record AcknowledgementBody(string? Reason);

    private static async Task<Ok<IReadOnlyList<RunView>>> List(IMediator mediator, CancellationToken cancellationToken, string? period = null, int take = 100) =>
        TypedResults.Ok(await mediator.Send(new ListRuns(period, take), cancellationToken));

    private static async Task<Ok<RunDetail>> Get(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetRun(id), cancellationToken));

    private static async Task<Ok<RunCrossCheckView>> Acknowledge(Guid id, AcknowledgementBody body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new AcknowledgeCrossCheck(id, body.Reason), cancellationToken));

    /// <summary>Queues the run and, once committed, its parts as background jobs: 202 with the run.</summary>
    private static async Task<Accepted<RunView>> Evaluate(EvaluateBody body, IMediator mediator, CancellationToken cancellationToken)
    {
        var run = await mediator.Send(new EvaluatePeriod(body.Period), cancellationToken);
        return TypedResults.Accepted($"/api/runs/{run.Id}", run);
    }

    private static async Task<Ok<SchedulerView>> Show(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ShowScheduler(), cancellationToken));

    private static async Task<Ok<SchedulerView>> Pause(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new PauseScheduler(), cancellationToken));

    private static async Task<Ok<SchedulerView>> Resume(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ResumeScheduler(), cancellationToken));

    private static async Task<Accepted<TriggeredEvaluation>> Trigger(string job, IMediator mediator, CancellationToken cancellationToken, string? period = null) =>
        TypedResults.Accepted("/api/runs", await mediator.Send(new TriggerEvaluation(job, period), cancellationToken));
}
