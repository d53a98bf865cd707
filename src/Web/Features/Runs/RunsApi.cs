using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Scheduling;
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
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var scheduler = app.MapGroup("/api/scheduler").WithTags("Scheduler")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        scheduler.MapGet("/", Show).RequireRolesOf<ShowScheduler>();
        scheduler.MapPost("/pause", Pause).RequireRolesOf<PauseScheduler>();
        scheduler.MapPost("/resume", Resume).RequireRolesOf<ResumeScheduler>();
        scheduler.MapPost("/trigger/{job}", Trigger).RequireRolesOf<TriggerEvaluation>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
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

    /// <summary>Queues the run (committed before anything is scheduled), then hands its parts to the scheduler: 202 with the run.</summary>
    private static async Task<Results<Accepted<RunView>, ProblemHttpResult>> Evaluate(EvaluateBody body, IMediator mediator, EvaluationService evaluations, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<RunJobs>() is not { } runJobs)
            return SchedulingDisabled();
        var run = await mediator.Send(new EvaluatePeriod(body.Period), cancellationToken);
        await runJobs.DispatchAsync(run.Id, await evaluations.PartsAsync(run.Id, cancellationToken), cancellationToken);
        return TypedResults.Accepted($"/api/runs/{run.Id}", run);
    }

    private static async Task<Results<Ok<SchedulerView>, ProblemHttpResult>> Show(IMediator mediator, IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetService<RunJobs>() is null ? SchedulingDisabled() : TypedResults.Ok(await mediator.Send(new ShowScheduler(), cancellationToken));

    private static async Task<Results<Ok<SchedulerView>, ProblemHttpResult>> Pause(IMediator mediator, IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetService<RunJobs>() is null ? SchedulingDisabled() : TypedResults.Ok(await mediator.Send(new PauseScheduler(), cancellationToken));

    private static async Task<Results<Ok<SchedulerView>, ProblemHttpResult>> Resume(IMediator mediator, IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetService<RunJobs>() is null ? SchedulingDisabled() : TypedResults.Ok(await mediator.Send(new ResumeScheduler(), cancellationToken));

    private static async Task<Results<Accepted<TriggeredEvaluation>, ProblemHttpResult>> Trigger(string job, IMediator mediator, IServiceProvider services, CancellationToken cancellationToken, string? period = null) =>
        services.GetService<RunJobs>() is null ? SchedulingDisabled() : TypedResults.Accepted("/api/runs", await mediator.Send(new TriggerEvaluation(job, period), cancellationToken));

    private static ProblemHttpResult SchedulingDisabled() =>
        TypedResults.Problem("Scheduling is disabled on this node (Scheduling:Enabled=false); use the command line `evaluate`.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Scheduling disabled");
}
