using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;

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
/// Starts a dry run of a version on a past period as a background job and answers at once with its state (ADR 27); the
/// job evaluates the whole detachment and reports its progress on the dry run's row. The checks that need no evaluation
/// (errors, kind of scheme, a completed run to compare with) refuse here, before anything is queued. While a dry run of
/// the same version for the same scope is queued or running, starting it again on the same period answers with that one;
/// on another period it is refused (409) until the first one finishes.
/// </summary>
[AllowedRoles(Role.Inspector, Role.Admin)]
public sealed record DryRunRuleSetVersion(
    [property: StoredIn(typeof(DryRun), nameof(DryRun.SchemeName))] string Scheme,
    int Number,
    [property: StoredIn(typeof(DryRun), nameof(DryRun.Period))] string? Period) : ICommand<DryRunView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(AssessmentPeriod.TryParse(Period, out _), "period", "NotAPeriod", $"'{Period}' is not a period; write a month like 2026-10 or a quarter like 2026-Q4.", Period);
    }
}

internal sealed class DryRunRuleSetVersionHandler(
    AssessmentDbContext db,
    DryRunEvaluation evaluation,
    CurrentActor actor,
    AuditLog audit,
    AfterCommit afterCommit,
    IBackgroundJobClient jobs,
    TimeProvider clock) : IRequestHandler<DryRunRuleSetVersion, DryRunView>
{
    public async ValueTask<DryRunView> Handle(DryRunRuleSetVersion request, CancellationToken cancellationToken)
    {
        var period = AssessmentPeriod.Parse(request.Period!, null);
        var unit = actor.UnitId;
        var running = await db.DryRuns.AsNoTracking()
            .Where(d => d.SchemeName == request.Scheme && d.VersionNumber == request.Number && d.UnitId == unit && (d.Status == DryRunStatus.Queued || d.Status == DryRunStatus.Running))
            .FirstOrDefaultAsync(cancellationToken);
        if (running is not null)
        {
            if (running.Period != period)
                throw new ConflictException("DryRunBusy", $"{request.Scheme} v{request.Number} is being dry-run on {running.Period} (dry run {running.Id}, started by {running.StartedBy}); start one on {period} when it has finished.", request.Scheme, request.Number, running.Period, running.Id, running.StartedBy, period);
            audit.Describe(nameof(DryRun), running.Id, null, Snapshot(running));
            return DryRunView.Of(running);
        }

        var plan = await evaluation.PlanAsync(request.Scheme, request.Number, period, cancellationToken);
        var file = plan.Version.FileName();

        var dryRun = new DryRun
        {
            Id = Guid.NewGuid(),
            SchemeName = plan.Version.SchemeName,
            VersionNumber = plan.Version.Number,
            Period = period,
            UnitId = unit,
            StartedBy = actor.Name,
            QueuedAt = clock.GetUtcNow(),
        };
        db.DryRuns.Add(dryRun);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index on unfinished dry runs: another request started this version for the same scope a moment ago.
            throw new ConflictException("DryRunJustStarted", $"{file} was started for a dry run by another request a moment ago; read its progress on the rules page or start again when it has finished.", file);
        }
        var id = dryRun.Id;
        afterCommit.Enqueue(() => jobs.Enqueue<DryRunJob>(j => j.RunAsync(id, CancellationToken.None)));
        audit.Describe(nameof(DryRun), id, null, Snapshot(dryRun));
        return DryRunView.Of(dryRun);
    }

    private static object Snapshot(DryRun run) => new { Scheme = run.SchemeName, Number = run.VersionNumber, Period = run.Period.Key, run.UnitId, run.Status };
}
