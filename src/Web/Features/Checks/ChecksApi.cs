using System.Text.Json;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentEngine.Web.Features.Checks;

/// <summary>
/// Real-time checks: a terminal posts one event and gets the rules' verdict in the same response (e.g. the penalty
/// interlock before a decision is issued). System tokens are the terminals, scoped to their unit; admins and inspectors
/// may call a check too, to try a rule.
/// </summary>
public static class ChecksApi
{
    public static IEndpointRouteBuilder MapChecksApi(this IEndpointRouteBuilder app)
    {
        var checks = app.MapGroup("/api/checks").WithTags("Real-time checks")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        checks.MapPost("/{workflow}", Check).RequireRolesOf<CheckEvent>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Ok<CheckAnswer>> Check(string workflow, JsonElement body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new CheckEvent(workflow, body), cancellationToken));
}
