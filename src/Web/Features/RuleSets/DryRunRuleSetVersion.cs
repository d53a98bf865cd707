using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.RuleSets;

public sealed record DryRunPeriod(string? Period);

/// <summary>How one officer or squad would fare under the version, against the published result; null where absent on one side.</summary>
public sealed record SubjectChange(
    long Id,
    string Label,
    string? Name,
    double? ScoreBefore,
    double? ScoreAfter,
    double ScoreDelta,
    string? GradeBefore,
    string? GradeAfter,
    int? RankBefore,
    int? RankAfter,
    IReadOnlyList<string> OutcomesBefore,
    IReadOnlyList<string> OutcomesAfter)
{
    public bool GradeChanged => !string.Equals(GradeBefore, GradeAfter, StringComparison.Ordinal);

    public bool RankChanged => RankBefore != RankAfter;

    public bool OutcomeChanged => !OutcomesBefore.SequenceEqual(OutcomesAfter, StringComparer.Ordinal);
}

public sealed record DryRunSummary(
    int OfficersCompared,
    int OfficerScoreChanges,
    int OfficerGradeChanges,
    int OfficerRankChanges,
    int OfficerOutcomeChanges,
    double AverageOfficerScoreDelta,
    int SquadsCompared,
    int SquadScoreChanges,
    int SquadGradeChanges,
    int SquadRankChanges,
    int SquadOutcomeChanges);

/// <summary>What a version would change in a past period; only officers and squads with a change are listed.</summary>
public sealed record DryRunReport(string Scheme, int Number, string Period, Guid ComparedRunId, DryRunSummary Summary, IReadOnlyList<SubjectChange> Officers, IReadOnlyList<SubjectChange> Squads);

/// <summary>
/// Evaluates a past period with this version in place of its scheme (the other schemes as they were in force) and compares
/// the outcome with the latest completed run of the period. Nothing is stored: every stage runs in memory.
/// </summary>
[AllowedRoles(Role.Inspector, Role.Admin)]
public sealed record DryRunRuleSetVersion(string Scheme, int Number, string? Period) : IRequest<DryRunReport>, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(AssessmentPeriod.TryParse(Period, out _), "period", "period is a month such as 2026-10 or a quarter such as 2026-Q4.");
    }
}

internal sealed class DryRunRuleSetVersionHandler(
    AssessmentDbContext db,
    SchemeCatalog catalog,
    IOptions<LinkedLiabilityOptions> liability,
    CurrentActor actor,
    TimeProvider clock) : IRequestHandler<DryRunRuleSetVersion, DryRunReport>
{
    public async ValueTask<DryRunReport> Handle(DryRunRuleSetVersion request, CancellationToken cancellationToken)
    {
        var period = AssessmentPeriod.Parse(request.Period!, null);
        var version = await db.FindAsync(request.Scheme, request.Number, tracked: false, cancellationToken);
        var check = catalog.Check(version.Content, version.FileName());
        if (check.ErrorCount > 0 || check.Compiled.RuleSet is null || check.Population is not { } population)
            throw new DomainException($"{version.FileName()} has {Math.Max(check.ErrorCount, 1)} error(s); only a version without errors can be dry-run.");
        if (population == SchemePopulation.Event)
            throw new DomainException($"{version.FileName()} is a real-time check: it evaluates one event, not a period; try it with POST /api/checks/{version.SchemeName}.");
        if ((check.Period == SchemeCatalog.Quarterly) == period.IsMonthly)
            throw new DomainException($"{version.FileName()} is a {check.Period.ToLowerInvariant()} scheme and cannot evaluate {period}.");

        var completed = await db.EvaluationRuns.AsNoTracking().Where(r => r.Period == period && r.Status == RunStatus.Completed).ToListAsync(cancellationToken);
        var published = completed.MaxBy(r => r.FinishedAt)
            ?? throw new NotFoundException($"{period} has no completed evaluation run to compare with; evaluate the period first.");

        var draft = new CompiledScheme(version, check.Compiled.RuleSet.Workflows[0], population);
        var inForce = await catalog.InForceAsync(db, period, cancellationToken);
        var schemes = population switch
        {
            SchemePopulation.Officer => inForce with { Officer = draft },
            SchemePopulation.Auxiliary => inForce with { Auxiliary = draft },
            SchemePopulation.Squad => inForce with { Squad = draft },
            _ => inForce with { Outcome = draft },
        };

        var now = clock.GetUtcNow();
        var dryRun = EvaluationRun.Queue(period, schemes.All.Select(s => new SchemeVersion(s.Version.SchemeName, s.Version.Hash)), now > period.EndInstant ? now : period.EndInstant, now);
        var officers = new List<StagedOfficerScore>();
        var squads = new List<StagedSquadScore>();
        var loader = new FactLoader(db);
        var evaluator = new BrigadeEvaluator(schemes, liability.Value);
        foreach (var brigade in await loader.BrigadesAsync(cancellationToken))
        {
            var scores = evaluator.Evaluate(dryRun.Id, await loader.LoadAsync(brigade, period, cancellationToken: cancellationToken), period);
            officers.AddRange(scores.Officers);
            squads.AddRange(scores.Squads);
        }
        var final = await new RunFinalizer(db).ComputeAsync(dryRun, schemes, officers, squads, now, cancellationToken);

        var reachable = await actor.ReachableUnitsAsync(cancellationToken);
        bool Visible(long squadId) => reachable is null || reachable.Contains(squadId);
        var names = officers.ToDictionary(o => o.OfficerId, o => o.Name);
        var squadNames = squads.ToDictionary(s => s.SquadId, s => (s.Code, s.Name));

        var before = await db.OfficerResults.AsNoTracking().Where(r => r.RunId == published.Id).ToListAsync(cancellationToken);
        var squadsBefore = await db.SquadResults.AsNoTracking().Where(r => r.RunId == published.Id).ToListAsync(cancellationToken);
        var outcomesBefore = OutcomesBySubject(await db.Outcomes.AsNoTracking().Where(o => o.RunId == published.Id).ToListAsync(cancellationToken));
        var outcomesAfter = OutcomesBySubject(final.Outcomes);

        var officerChanges = Compare(
            before.Where(r => Visible(r.SquadId)).ToDictionary(r => r.OfficerId, r => new Standing(r.BadgeNumber, r.Score, r.Grade, r.Rank)),
            final.Officers.Where(r => Visible(r.SquadId)).ToDictionary(r => r.OfficerId, r => new Standing(r.BadgeNumber, r.Score, r.Grade, r.Rank)),
            SubjectKind.Officer,
            id => names.GetValueOrDefault(id),
            outcomesBefore,
            outcomesAfter);
        var squadChanges = Compare(
            squadsBefore.Where(r => Visible(r.SquadId)).ToDictionary(r => r.SquadId, r => new Standing(squadNames.TryGetValue(r.SquadId, out var s) ? s.Code : r.SquadId.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Score, r.Grade, r.Rank)),
            final.Squads.Where(r => Visible(r.SquadId)).ToDictionary(r => r.SquadId, r => new Standing(squadNames[r.SquadId].Code, r.Score, r.Grade, r.Rank)),
            SubjectKind.Squad,
            id => squadNames.TryGetValue(id, out var s) ? s.Name : null,
            outcomesBefore,
            outcomesAfter);

        var officersChanged = officerChanges.Changes.Where(c => c.ScoreDelta != 0 || c.GradeChanged || c.RankChanged || c.OutcomeChanged).ToList();
        var squadsChanged = squadChanges.Changes.Where(c => c.ScoreDelta != 0 || c.GradeChanged || c.RankChanged || c.OutcomeChanged).ToList();
        var summary = new DryRunSummary(
            officerChanges.Compared,
            officersChanged.Count(c => c.ScoreDelta != 0),
            officersChanged.Count(c => c.GradeChanged),
            officersChanged.Count(c => c.RankChanged),
            officersChanged.Count(c => c.OutcomeChanged),
            officerChanges.Compared == 0 ? 0 : Math.Round(officersChanged.Sum(c => c.ScoreDelta) / officerChanges.Compared, 4),
            squadChanges.Compared,
            squadsChanged.Count(c => c.ScoreDelta != 0),
            squadsChanged.Count(c => c.GradeChanged),
            squadsChanged.Count(c => c.RankChanged),
            squadsChanged.Count(c => c.OutcomeChanged));
        return new DryRunReport(version.SchemeName, version.Number, period.Key, published.Id, summary, officersChanged, squadsChanged);
    }

    private sealed record Standing(string Label, double Score, string Grade, int Rank);

    /// <summary>Every subject on either side; the compared count is of subjects present on both.</summary>
    private static (List<SubjectChange> Changes, int Compared) Compare(
        Dictionary<long, Standing> before,
        Dictionary<long, Standing> after,
        SubjectKind kind,
        Func<long, string?> nameOf,
        Dictionary<(SubjectKind, long), List<string>> outcomesBefore,
        Dictionary<(SubjectKind, long), List<string>> outcomesAfter)
    {
        var changes = new List<SubjectChange>();
        foreach (var id in before.Keys.Union(after.Keys).Order())
        {
            var old = before.GetValueOrDefault(id);
            var @new = after.GetValueOrDefault(id);
            changes.Add(new SubjectChange(
                id,
                (@new ?? old)!.Label,
                nameOf(id),
                old?.Score,
                @new?.Score,
                old is not null && @new is not null ? Math.Round(@new.Score - old.Score, 4) : 0,
                old?.Grade,
                @new?.Grade,
                old?.Rank,
                @new?.Rank,
                outcomesBefore.GetValueOrDefault((kind, id)) ?? [],
                outcomesAfter.GetValueOrDefault((kind, id)) ?? []));
        }
        return (changes, before.Keys.Count(after.ContainsKey));
    }

    /// <summary>Proposed outcomes as "Kind" or "Kind:Level", sorted, per subject.</summary>
    private static Dictionary<(SubjectKind, long), List<string>> OutcomesBySubject(IEnumerable<Outcome> outcomes) =>
        outcomes.GroupBy(o => (o.SubjectKind, o.SubjectId))
            .ToDictionary(g => g.Key, g => g.Select(o => o.Level is { } level ? $"{o.Kind}:{level}" : o.Kind.ToString()).Order(StringComparer.Ordinal).ToList());
}
