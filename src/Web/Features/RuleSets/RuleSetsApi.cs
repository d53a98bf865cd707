using AssessmentEngine.Web.Features.Checks;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <summary>
/// Rule management for inspectors: versions are saved as drafts, checked, compared, dry-run on past data and put in
/// force. Leaders and auditors read them. Activation is the inspector's (or admin's) act alone for now: a leadership
/// sign-off step would sit between saving and activating, and is not built yet.
/// </summary>
public static class RuleSetsApi
{
    private static readonly Role[] Readers = [Role.Inspector, Role.Admin, Role.Leader, Role.Auditor];
    private static readonly Role[] Authors = [Role.Inspector, Role.Admin];

    public static IEndpointRouteBuilder MapRuleSetsApi(this IEndpointRouteBuilder app)
    {
        var rulesets = app.MapGroup("/api/rulesets").WithTags("Rule sets")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        rulesets.MapGet("/", ListRuleSets).RequireRoles(Readers);
        rulesets.MapGet("/{scheme}/versions/{number:int}", GetVersion).RequireRoles(Readers).ProducesProblem(StatusCodes.Status404NotFound);
        rulesets.MapGet("/{scheme}/diff", Diff).RequireRoles(Readers).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        rulesets.MapPost("/validate", Validate).RequireRoles(Authors).ProducesValidationProblem();
        rulesets.MapPost("/{scheme}/versions", SaveVersion).RequireRoles(Authors)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        rulesets.MapPost("/{scheme}/versions/{number:int}/dry-run", DryRun).RequireRoles(Authors)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        rulesets.MapPost("/{scheme}/versions/{number:int}/activate", Activate).RequireRoles(Authors)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<SchemeView>>> ListRuleSets(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListRuleSets(), cancellationToken));

    private static async Task<Ok<RuleSetVersionDetail>> GetVersion(string scheme, int number, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetRuleSetVersion(scheme, number), cancellationToken));

    private static async Task<Ok<RuleSetDiff>> Diff(string scheme, int from, int to, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new DiffRuleSetVersions(scheme, from, to), cancellationToken));

    private static async Task<Ok<RuleFileCheck>> Validate(ValidateRuleFile request, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(request, cancellationToken));

    private static async Task<Created<RuleSetVersionDetail>> SaveVersion(string scheme, NewRuleSetVersion body, IMediator mediator, CancellationToken cancellationToken)
    {
        var saved = await mediator.Send(new SaveRuleSetVersion(scheme, body.Content, body.FromVersion, body.Note), cancellationToken);
        return TypedResults.Created($"/api/rulesets/{Uri.EscapeDataString(scheme)}/versions/{saved.Version.Number}", saved);
    }

    private static async Task<Ok<DryRunReport>> DryRun(string scheme, int number, DryRunPeriod body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new DryRunRuleSetVersion(scheme, number, body.Period), cancellationToken));

    private static async Task<Ok<RuleSetVersionView>> Activate(string scheme, int number, Activation body, IMediator mediator, RealTimeChecks checks, CancellationToken cancellationToken)
    {
        var activated = await mediator.Send(new ActivateRuleSetVersion(scheme, number, body.EffectiveFrom, body.QuotaAcknowledgement), cancellationToken);
        // Committed by now: the next real-time check on this node reads the new version (other nodes within their refresh interval).
        checks.Invalidate();
        return TypedResults.Ok(activated);
    }
}
