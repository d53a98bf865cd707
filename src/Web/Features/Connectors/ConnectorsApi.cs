using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentEngine.Web.Features.Connectors;

public static class ConnectorsApi
{
    public static IEndpointRouteBuilder MapConnectorsApi(this IEndpointRouteBuilder app)
    {
        var connectors = app.MapGroup("/api/connectors").WithTags("Connectors")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        connectors.MapGet("/", List).RequireRolesOf<ListConnectors>();
        connectors.MapGet("/{name}/runs", Runs).RequireRolesOf<ListConnectorRuns>().ProducesProblem(StatusCodes.Status404NotFound);
        connectors.MapPost("/{name}/pull", Pull).RequireRolesOf<PullConnector>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ConnectorView>>> List(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListConnectors(), cancellationToken));

    private static async Task<Ok<IReadOnlyList<ConnectorRunView>>> Runs(string name, IMediator mediator, CancellationToken cancellationToken, int take = 50) =>
        TypedResults.Ok(await mediator.Send(new ListConnectorRuns(name, take), cancellationToken));

    private static async Task<Accepted<PulledConnector>> Pull(string name, IMediator mediator, CancellationToken cancellationToken)
    {
        var pulled = await mediator.Send(new PullConnector(name), cancellationToken);
        return TypedResults.Accepted(pulled.Runs, pulled);
    }
}
