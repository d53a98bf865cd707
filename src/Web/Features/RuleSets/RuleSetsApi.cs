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
    /// <summary>The dry run's evaluation, shared by the start request (its checks) and the job (the work).</summary>
    public static WebApplicationBuilder AddRuleSets(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<DryRunEvaluation>();
        builder.Services.AddOptions<DryRunRetentionOptions>().Bind(builder.Configuration.GetSection(DryRunRetentionOptions.Section))
            .Validate(o => o.KeepLatest >= 0 && o.KeepFor >= TimeSpan.Zero, "DryRuns:KeepLatest and DryRuns:KeepFor cannot be negative.")
            .ValidateOnStart();
        builder.Services.AddScoped<DryRunCleanupJob>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRuleSetsApi(this IEndpointRouteBuilder app)
    {
        var rulesets = app.MapGroup("/api/rulesets").WithTags("Rule sets")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        rulesets.MapGet("/", ListRuleSets).RequireRolesOf<ListRuleSets>();
        rulesets.MapGet("/{scheme}/versions/{number:int}", GetVersion).RequireRolesOf<GetRuleSetVersion>().ProducesProblem(StatusCodes.Status404NotFound);
        rulesets.MapGet("/{scheme}/diff", Diff).RequireRolesOf<DiffRuleSetVersions>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        rulesets.MapPost("/validate", Validate).RequireRolesOf<ValidateRuleFile>().ProducesValidationProblem();
        rulesets.MapPost("/{scheme}/versions", SaveVersion).RequireRolesOf<SaveRuleSetVersion>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        rulesets.MapPost("/{scheme}/versions/{number:int}/dry-run", DryRun).RequireRolesOf<DryRunRuleSetVersion>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        rulesets.MapGet("/{scheme}/versions/{number:int}/dry-runs/{id:guid}", GetDryRun).RequireRolesOf<GetDryRun>().ProducesProblem(StatusCodes.Status404NotFound);
        rulesets.MapPost("/{scheme}/versions/{number:int}/activate", Activate).RequireRolesOf<ActivateRuleSetVersion>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<SchemeView>>> ListRuleSets(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListRuleSets(), cancellationToken));

    private static async Task<Ok<RuleSetVersionDetail>> GetVersion(string scheme, int number, IMediator mediator, IDiagnosticWording wording, CancellationToken cancellationToken) =>
        TypedResults.Ok(Worded(await mediator.Send(new GetRuleSetVersion(scheme, number), cancellationToken), wording));

    private static async Task<Ok<RuleSetDiff>> Diff(string scheme, int from, int to, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new DiffRuleSetVersions(scheme, from, to), cancellationToken));

    private static async Task<Ok<RuleFileCheck>> Validate(ValidateRuleFile request, IMediator mediator, IDiagnosticWording wording, CancellationToken cancellationToken)
    {
        var check = await mediator.Send(request, cancellationToken);
        return TypedResults.Ok(check with { Diagnostics = wording.ForReader(check.Diagnostics) });
    }

    private static async Task<Created<RuleSetVersionDetail>> SaveVersion(string scheme, NewRuleSetVersion body, IMediator mediator, IDiagnosticWording wording, CancellationToken cancellationToken)
    {
        var saved = await mediator.Send(new SaveRuleSetVersion(scheme, body.Content, body.FromVersion, body.Note), cancellationToken);
        return TypedResults.Created($"/api/rulesets/{Uri.EscapeDataString(scheme)}/versions/{saved.Version.Number}", Worded(saved, wording));
    }

    /// <summary>A version's findings with their text in the reader's language next to the engine's English.</summary>
    private static RuleSetVersionDetail Worded(RuleSetVersionDetail detail, IDiagnosticWording wording) =>
        detail with { Diagnostics = wording.ForReader(detail.Diagnostics) };

    /// <summary>Queues the dry run (or finds the one of this version and period still running): 202 with its state, polled at the Location.</summary>
    private static async Task<Accepted<DryRunView>> DryRun(string scheme, int number, DryRunPeriod body, IMediator mediator, IReaderWords words, HttpRequest request, CancellationToken cancellationToken)
    {
        var started = await mediator.Send(new DryRunRuleSetVersion(scheme, number, body.Period), cancellationToken);
        return TypedResults.Accepted(DryRunView.Location(started.Scheme, started.Number, started.Id), Said(started, words, request));
    }

    private static async Task<Ok<DryRunView>> GetDryRun(string scheme, int number, Guid id, IMediator mediator, IReaderWords words, HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(Said(await mediator.Send(new GetDryRun(scheme, number, id), cancellationToken), words, request));

    /// <summary>A failed dry run's reason in the reader's language beside its code and English text.</summary>
    private static DryRunView Said(DryRunView view, IReaderWords words, HttpRequest request) =>
        view.Failure is { } failure ? view with { ErrorMessage = words.Say(request, failure) } : view;

    private static async Task<Ok<RuleSetVersionView>> Activate(string scheme, int number, Activation body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ActivateRuleSetVersion(scheme, number, body.EffectiveFrom, body.QuotaAcknowledgement), cancellationToken));
}
