using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Quartz;

namespace AssessmentEngine.Web.Features.Connectors;

public static class ConnectorsApi
{
    public static IEndpointRouteBuilder MapConnectorsApi(this IEndpointRouteBuilder app)
    {
        var connectors = app.MapGroup("/api/connectors").WithTags("Connectors")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        connectors.MapGet("/", List).RequireRolesOf<ListConnectors>();
        connectors.MapGet("/{name}/runs", Runs).RequireRolesOf<ListConnectorRuns>().ProducesProblem(StatusCodes.Status404NotFound);
        connectors.MapPost("/{name}/pull", Pull).RequireRolesOf<PullConnector>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ConnectorView>>> List(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListConnectors(), cancellationToken));

    private static async Task<Ok<IReadOnlyList<ConnectorRunView>>> Runs(string name, IMediator mediator, CancellationToken cancellationToken, int take = 50) =>
        TypedResults.Ok(await mediator.Send(new ListConnectorRuns(name, take), cancellationToken));

    private static async Task<Results<Accepted<PulledConnector>, ProblemHttpResult>> Pull(string name, IMediator mediator, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<ISchedulerFactory>() is null)
            return TypedResults.Problem("Scheduling is disabled on this node (Scheduling:Enabled=false), so connectors cannot be pulled here.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Scheduling disabled");
        var pulled = await mediator.Send(new PullConnector(name), cancellationToken);
        return TypedResults.Accepted(pulled.Runs, pulled);
    }
}
