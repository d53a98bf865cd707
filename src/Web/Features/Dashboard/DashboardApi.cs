using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentEngine.Web.Features.Dashboard;

public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard", Show).RequireRolesOf<LeadershipDashboard>().WithTags("Results")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<DashboardView>> Show(string? period, long? unitId, int? extremes, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new LeadershipDashboard(period, unitId, extremes ?? 5), cancellationToken));
}
