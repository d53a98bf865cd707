using System.Collections.Concurrent;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Rules;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Model;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>Who a scheme scores (the Scheme block's Population) and which typed inputs its rules read.</summary>
public enum SchemePopulation
{
    Officer,
    Auxiliary,
    Squad,
    Outcome,

    /// <summary>One event at a time, answered in the same request (a real-time check such as the penalty interlock).</summary>
    Event,
}

/// <summary>A rule-set version compiled and ready to score.</summary>
public sealed record CompiledScheme(RuleSetVersion Version, CompiledWorkflow Workflow, SchemePopulation Population)
{
    public Scheme Scheme => Workflow.Definition.Scheme ?? new Scheme();

    /// <summary>The engines configured under Rules: the one that scores and the one that cross-checks.</summary>
    public SchemeEngines Engines { get; init; } = SchemeEngines.Default;

    /// <summary>Scores one subject with the configured engine (Rules:Engine).</summary>
    public ScoreCard Score(EvaluationContext context, params object?[] inputs) => Engines.Score(Workflow, context, inputs);
}

/// <summary>The schemes in force for one period: the officer scheme is required, the others optional.</summary>
public sealed record ActiveSchemes(AssessmentPeriod Period, CompiledScheme Officer, CompiledScheme? Auxiliary, CompiledScheme? Squad, CompiledScheme? Outcome)
{
    public IEnumerable<CompiledScheme> All => new[] { Officer, Auxiliary, Squad, Outcome }.OfType<CompiledScheme>();

    /// <summary>Auxiliaries are scored on their own scheme where one is in force, else on the officers' scheme.</summary>
    public CompiledScheme For(bool auxiliary) => auxiliary && Auxiliary is not null ? Auxiliary : Officer;
}

/// <summary>Compiled result of checking a rule file as a scheme: the engine's diagnostics plus the scheme's own.</summary>
public sealed record SchemeCheck(string? SchemeName, SchemePopulation? Population, string Period, CompileResult Compiled, IReadOnlyList<Diagnostic> Diagnostics)
{
    public int ErrorCount => Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Compiles rule files as assessment schemes against the typed inputs of their population, and finds the versions in
/// force for a period. Compiled rule sets are cached by the engine per content hash, so this is cheap after the first run.
/// </summary>
public sealed class SchemeCatalog(RuleEngine engine, SchemeEngines? engines = null)
{
    public const string Monthly = "Monthly";
    public const string Quarterly = "Quarterly";

    /// <summary>The Period of a real-time check: it evaluates one event when asked, never a month or quarter.</summary>
    public const string RealTime = "RealTime";

    /// <summary>The member every real-time check's event names its officer by: the unit scope of a check follows it.</summary>
    public const string EventOfficer = "OfficerId";

    /// <summary>The typed inputs of a population; a real-time check reads one JSON input, <c>event</c>, of the shape its Scheme.Event declares.</summary>
    public static RuleInput[] InputsOf(SchemePopulation population, Scheme? scheme = null) => population switch
    {
        SchemePopulation.Event => [RuleInput.Json("event", EventShapeOf(scheme) ?? JsonShape.Parse($"{{\"{EventOfficer}\":\"long\"}}"))],
        SchemePopulation.Squad => [new RuleInput("squad", typeof(SquadMonth)), new RuleInput("period", typeof(PeriodView))],
        SchemePopulation.Outcome => [new RuleInput("subject", typeof(OutcomeSubject)), new RuleInput("period", typeof(PeriodView))],
        _ => [new RuleInput("officer", typeof(OfficerMonth)), new RuleInput("period", typeof(PeriodView))],
    };

    public RuleEngine Engine => engine;

    public SchemeEngines Engines { get; } = engines ?? SchemeEngines.Default;

    /// <summary>Loads and compiles a rule file; a file must hold exactly one workflow with a Scheme block to be a scheme.</summary>
    public SchemeCheck Check(string content, string fileName)
    {
        var loaded = Rules.Loading.WorkflowLoader.Load(content, fileName);
        var workflow = loaded.Workflows.Count == 1 ? loaded.Workflows[0] : null;
        var diagnostics = new List<Diagnostic>(loaded.Diagnostics);
        if (!loaded.HasErrors && loaded.Workflows.Count != 1)
            diagnostics.Add(Problem(fileName, null, $"a scheme file holds exactly one workflow; this one holds {loaded.Workflows.Count}"));
        var population = PopulationOf(workflow?.Scheme?.Population);
        if (workflow is not null && population is null)
            diagnostics.Add(Problem(fileName, workflow.WorkflowName, $"Scheme.Population must be Officer, Auxiliary, Squad, Outcome or Event, not '{workflow.Scheme?.Population ?? "(missing)"}'"));
        var period = workflow?.Scheme?.Period ?? Monthly;
        if (workflow is not null && period is not (Monthly or Quarterly or RealTime))
            diagnostics.Add(Problem(fileName, workflow.WorkflowName, $"Scheme.Period must be Monthly, Quarterly or RealTime, not '{period}'"));
        if (workflow is not null && population is not null && (population == SchemePopulation.Event) != (period == RealTime))
            diagnostics.Add(Problem(fileName, workflow.WorkflowName, $"a real-time check has Population Event and Period RealTime; this scheme has {population} and {period}"));
        var eventShapeProblem = population == SchemePopulation.Event ? EventShapeProblem(workflow?.Scheme) : null;
        if (workflow is not null && eventShapeProblem is not null)
            diagnostics.Add(Problem(fileName, workflow.WorkflowName, eventShapeProblem));
        var compiled = loaded.HasErrors || workflow is null || eventShapeProblem is not null
            ? new CompileResult(null, [], "")
            : engine.Compile(loaded.Workflows, InputsOf(population ?? SchemePopulation.Officer, workflow.Scheme));
        diagnostics.AddRange(compiled.Diagnostics.Where(d => !diagnostics.Contains(d)));
        // Portability to Microsoft RulesEngine: a warning, unless RulesEngine is the engine that will run the file.
        if (compiled.RuleSet is { } ruleSet)
            diagnostics.AddRange(Rules.Reference.MicrosoftRulesEngine.Portability(ruleSet.Workflows[0])
                .Select(d => Engines.Engine == RuleEngineKind.RulesEngine ? d with { Severity = DiagnosticSeverity.Error } : d));
        return new SchemeCheck(workflow?.WorkflowName, population, period, compiled, diagnostics);
    }

    private readonly ConcurrentDictionary<(string Content, string FileName), SchemeCheck> _activeChecks = new();

    /// <summary>
    /// Every brigade part of a run asks for the schemes in force: the check of an active file (parsing it, its portability
    /// to RulesEngine) is done once per content, not once per part (docs/adr/0035). Active versions are few.
    /// </summary>
    private SchemeCheck InForceCheck(string content, string fileName) => _activeChecks.GetOrAdd((content, fileName), key => Check(key.Content, key.FileName));

    /// <summary>The schemes in force for <paramref name="period"/>, compiled; a missing officer scheme is an error.</summary>
    public async Task<ActiveSchemes> InForceAsync(AssessmentDbContext db, AssessmentPeriod period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var versions = await db.RuleSetVersions.Where(v => v.Status == RuleSetStatus.Active).ToListAsync(cancellationToken);
        var wantedPeriod = period.IsMonthly ? Monthly : Quarterly;
        var compiled = new List<CompiledScheme>();
        foreach (var scheme in versions.GroupBy(v => v.SchemeName, StringComparer.Ordinal))
        {
            if (RuleSetHistory.InForce(scheme, period) is not { } version)
                continue;
            var check = InForceCheck(version.Content, $"{version.SchemeName} v{version.Number}");
            if (check.Compiled.RuleSet is null || check.Population is null)
                throw new InvalidOperationException($"Active scheme {version.SchemeName} v{version.Number} no longer compiles: {string.Join("; ", check.Diagnostics.Take(3))}");
            if (!string.Equals(check.Period, wantedPeriod, StringComparison.Ordinal))
                continue;
            compiled.Add(new CompiledScheme(version, check.Compiled.RuleSet.Workflows[0], check.Population.Value) { Engines = Engines });
        }
        CompiledScheme? One(SchemePopulation population)
        {
            var matches = compiled.Where(c => c.Population == population).ToList();
            return matches.Count switch
            {
                0 => null,
                1 => matches[0],
                _ => throw new InvalidOperationException($"{matches.Count} {population} schemes are in force for {period} ({string.Join(", ", matches.Select(m => m.Version.SchemeName))}); one is expected."),
            };
        }
        var officer = One(SchemePopulation.Officer)
            ?? throw (period.IsMonthly ? new UnknownPeriodException("NoMonthlySchemeInForce", $"No monthly officer scheme is in force for {period}; activate one with an effective-from period on or before {period}.", period) : new UnknownPeriodException("NoQuarterlySchemeInForce", $"No quarterly officer scheme is in force for {period}; activate one with an effective-from period on or before {period}.", period));
        return new ActiveSchemes(period, officer, One(SchemePopulation.Auxiliary), One(SchemePopulation.Squad), One(SchemePopulation.Outcome));
    }

    /// <summary>The shape a real-time check declares for its event, or null when it declares none (or an invalid one).</summary>
    public static JsonShape? EventShapeOf(Scheme? scheme)
    {
        if (scheme?.Event is not { } declaration)
            return null;
        try
        {
            return JsonShape.Parse(declaration.GetRawText());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? EventShapeProblem(Scheme? scheme)
    {
        if (scheme?.Event is not { } declaration)
            return "a real-time check declares the shape of its event in Scheme.Event, e.g. {\"OfficerId\": \"long\", \"HasFootage\": \"bool\"}";
        try
        {
            var shape = JsonShape.Parse(declaration.GetRawText());
            return shape.Members.TryGetValue(EventOfficer, out var type) && type is "long" or "int"
                ? null
                : $"Scheme.Event must declare \"{EventOfficer}\": \"long\", the officer the event is about (unit scope follows it)";
        }
        catch (ArgumentException ex)
        {
            return $"Scheme.Event is not a valid shape: {ex.Message}";
        }
    }

    private static SchemePopulation? PopulationOf(string? text) =>
        Enum.TryParse<SchemePopulation>(text, ignoreCase: true, out var population) ? population : null;

    private static Diagnostic Problem(string file, string? workflow, string message) =>
        new() { Code = "AE0001", Message = message, File = file, Workflow = workflow };
}

/// <summary>A period that cannot be evaluated (no scheme, not finished, malformed); the API answers 404 with the reason.</summary>
public sealed class UnknownPeriodException(string code, string message, params object?[] args) : NotFoundException(code, message, args);
