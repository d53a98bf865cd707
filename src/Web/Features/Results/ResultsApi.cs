using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentEngine.Web.Features.Results;

public static class ResultsApi
{
    public static IEndpointRouteBuilder MapResultsApi(this IEndpointRouteBuilder app)
    {
        var periods = app.MapGroup("/api/periods/{period}").WithTags("Results")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        periods.MapGet("/officers", Officers).RequireRolesOf<OfficerRanking>().ProducesValidationProblem();
        periods.MapGet("/squads", Squads).RequireRolesOf<SquadRanking>();
        periods.MapGet("/export", Export).RequireRolesOf<ResultsExport>().ProducesValidationProblem();

        var officers = app.MapGroup("/api/officers/{officerId:long}").WithTags("Results")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        officers.MapGet("/results/{period}", Explain).RequireRolesOf<OfficerExplanation>();
        officers.MapGet("/trend", Trend).RequireRolesOf<OfficerTrend>();
        return app;
    }

    private static async Task<Ok<OfficerRankingPage>> Officers(string period, long? brigadeId, long? squadId, string? post, string? grade, int? page, int? pageSize, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new OfficerRanking(period, brigadeId, squadId, post, grade, page ?? 1, pageSize ?? 100), cancellationToken));

    private static async Task<Ok<SquadRankingView>> Squads(string period, long? brigadeId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new SquadRanking(period, brigadeId), cancellationToken));

    private static async Task<FileContentHttpResult> Export(string period, string? format, long? brigadeId, IMediator mediator, CancellationToken cancellationToken)
    {
        var file = await mediator.Send(new ResultsExport(period, format ?? "xlsx", brigadeId), cancellationToken);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<Ok<OfficerResultView>> Explain(long officerId, string period, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new OfficerExplanation(officerId, period), cancellationToken));

    private static async Task<Ok<IReadOnlyList<TrendPoint>>> Trend(long officerId, string to, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new OfficerTrend(officerId, to), cancellationToken));
}
