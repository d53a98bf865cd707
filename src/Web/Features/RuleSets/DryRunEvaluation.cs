using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <summary>How far a dry run got: brigades and officers scored so far out of all, and the stage it is in.</summary>
public sealed record DryRunProgress(DryRunStage Stage, int BrigadesDone, int BrigadesTotal, int SubjectsDone, int SubjectsTotal);

/// <summary>A version that may be dry-run on a period, with the schemes it evaluates with and the run it is compared to.</summary>
public sealed record DryRunPlan(RuleSetVersion Version, AssessmentPeriod Period, ActiveSchemes Schemes, EvaluationRun Compared);

/// <summary>
/// Evaluates a past period with a version in place of its scheme (the other schemes as they were in force) and compares
/// the outcome with the latest completed run of the period. Nothing but the dry run's own row is stored: every stage
/// runs in memory, one brigade at a time, reporting progress after each.
/// </summary>
public sealed class DryRunEvaluation(AssessmentDbContext db, SchemeCatalog catalog, IOptions<LinkedLiabilityOptions> liability, TimeProvider clock)
{
    /// <summary>The checks a dry run must pass before it is queued (and again when its job runs): 404 or 422 with the reason.</summary>
    public async Task<DryRunPlan> PlanAsync(string scheme, int number, AssessmentPeriod period, CancellationToken cancellationToken = default)
    {
        var version = await db.FindAsync(scheme, number, tracked: false, cancellationToken);
        var check = catalog.Check(version.Content, version.FileName());
        if (check.ErrorCount > 0 || check.Compiled.RuleSet is null || check.Population is not { } population)
            throw new DomainException("DryRunVersionHasErrors", $"{version.FileName()} has {Math.Max(check.ErrorCount, 1)} error(s); only a version without errors can be dry-run.", version.SchemeName, version.Number, Math.Max(check.ErrorCount, 1));
        if (population == SchemePopulation.Event)
            throw new DomainException("DryRunOfRealTimeCheck", $"{version.FileName()} is a real-time check: it evaluates one event, not a period; try it with POST /api/checks/{version.SchemeName}.", version.SchemeName, version.Number);
        if ((check.Period == SchemeCatalog.Quarterly) == period.IsMonthly)
        {
            throw period.IsMonthly
                ? new DomainException("QuarterlyCannotDryRunMonth", $"{version.FileName()} is a quarterly scheme and cannot evaluate {period}.", version.SchemeName, version.Number, period)
                : new DomainException("MonthlyCannotDryRunQuarter", $"{version.FileName()} is a monthly scheme and cannot evaluate {period}.", version.SchemeName, version.Number, period);
        }

        var completed = await db.EvaluationRuns.AsNoTracking().Where(r => r.Period == period && r.Status == RunStatus.Completed).ToListAsync(cancellationToken);
        var published = completed.MaxBy(r => r.FinishedAt)
            ?? throw new NotFoundException("NoRunToCompare", $"{period} has no completed evaluation run to compare with; evaluate the period first.", period);

        var draft = new CompiledScheme(version, check.Compiled.RuleSet.Workflows[0], population);
        var inForce = await catalog.InForceAsync(db, period, cancellationToken);
        var schemes = population switch
        {
            SchemePopulation.Officer => inForce with { Officer = draft },
            SchemePopulation.Auxiliary => inForce with { Auxiliary = draft },
            SchemePopulation.Squad => inForce with { Squad = draft },
            _ => inForce with { Outcome = draft },
        };
        return new DryRunPlan(version, period, schemes, published);
    }

    /// <summary>
    /// The report, listing only subjects under <paramref name="reachable"/> (null: every unit); ranks are still computed
    /// over the whole detachment. <paramref name="progress"/> hears of the start, each brigade scored and each later stage.
    /// </summary>
    public async Task<DryRunReport> EvaluateAsync(DryRunPlan plan, IReadOnlySet<long>? reachable, Func<DryRunProgress, CancellationToken, Task>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var (version, period, schemes, published) = plan;
        progress ??= (_, _) => Task.CompletedTask;
        var now = clock.GetUtcNow();
        var dryRun = EvaluationRun.Queue(period, schemes.All.Select(s => new SchemeVersion(s.Version.SchemeName, s.Version.Hash)), now > period.EndInstant ? now : period.EndInstant, now);
        var officers = new List<StagedOfficerScore>();
        var squads = new List<StagedSquadScore>();
        var loader = new FactLoader(db);
        var evaluator = new BrigadeEvaluator(schemes, liability.Value);
        var brigades = await loader.BrigadesAsync(cancellationToken);
        var total = await SubjectsAsync(brigades, period, cancellationToken);
        await progress(new DryRunProgress(DryRunStage.Scoring, 0, brigades.Count, 0, total), cancellationToken);
        foreach (var (brigade, index) in brigades.Select((b, i) => (b, i)))
        {
            var scores = evaluator.Evaluate(dryRun.Id, await loader.LoadAsync(brigade, period, cancellationToken: cancellationToken), period);
            officers.AddRange(scores.Officers);
            squads.AddRange(scores.Squads);
            await progress(new DryRunProgress(DryRunStage.Scoring, index + 1, brigades.Count, officers.Count, Math.Max(total, officers.Count)), cancellationToken);
        }
        total = officers.Count;
        await progress(new DryRunProgress(DryRunStage.Ranking, brigades.Count, brigades.Count, total, total), cancellationToken);
        var final = await new RunFinalizer(db).ComputeAsync(dryRun, schemes, officers, squads, now, cancellationToken);
        await progress(new DryRunProgress(DryRunStage.Comparing, brigades.Count, brigades.Count, total, total), cancellationToken);

        bool Visible(long squadId) => reachable is null || reachable.Contains(squadId);
        var names = officers.ToDictionary(o => o.OfficerId, o => o.Name);
        var squadNames = squads.ToDictionary(s => s.SquadId, s => (s.Code, s.Name));

        var before = await db.OfficerResults.AsNoTracking().Where(r => r.RunId == published.Id).ToListAsync(cancellationToken);
        var squadsBefore = await db.SquadResults.AsNoTracking().Where(r => r.RunId == published.Id).ToListAsync(cancellationToken);
        var outcomesBefore = OutcomesBySubject((await db.Outcomes.AsNoTracking().Where(o => o.AssessmentId == published.AssessmentId && o.WithdrawnByRunId == null).ToListAsync(cancellationToken))
            .Select(o => new ProposedOutcome(o.Kind, o.SubjectKind, o.SubjectId, o.Level, o.Reason)));
        var outcomesAfter = OutcomesBySubject(final.Proposals);

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

    /// <summary>Officers and auxiliaries on the brigades' rosters during the period, as the fact loader reads them: the progress bar's end.</summary>
    private async Task<int> SubjectsAsync(IReadOnlyList<Unit> brigades, AssessmentPeriod period, CancellationToken cancellationToken)
    {
        var brigadeIds = brigades.Select(b => b.Id).ToList();
        var squadIds = await db.Units.AsNoTracking().Where(u => u.Kind == UnitKind.Squad && u.ParentId != null && brigadeIds.Contains(u.ParentId.Value)).Select(u => u.Id).ToListAsync(cancellationToken);
        var (firstDay, lastDay) = (period.FirstDay, period.LastDay);
        return await db.Officers.CountAsync(o => squadIds.Contains(o.SquadId) && o.JoinedOn <= lastDay && (o.LeftOn == null || o.LeftOn > firstDay), cancellationToken);
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
    private static Dictionary<(SubjectKind, long), List<string>> OutcomesBySubject(IEnumerable<ProposedOutcome> outcomes) =>
        outcomes.GroupBy(o => (o.SubjectKind, o.SubjectId))
            .ToDictionary(g => g.Key, g => g.Select(o => o.Level is { } level ? $"{o.Kind}:{level}" : o.Kind.ToString()).Order(StringComparer.Ordinal).ToList());
}
