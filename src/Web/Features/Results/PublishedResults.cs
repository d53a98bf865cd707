using System.Globalization;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Results;

/// <summary>Which run's results a period shows, and who may see which of them.</summary>
internal static class PublishedResults
{
    public static AssessmentPeriod ParsePeriod(string text) =>
        AssessmentPeriod.TryParse(text, CultureInfo.InvariantCulture, out var period)
            ? period
            : throw new ValidationException("period", "NotAPeriod", $"'{text}' is not a period; write a month like 2026-10 or a quarter like 2026-Q4.", text);

    /// <summary>The current run of the period's assessment: re-runs (after appeals) supersede earlier ones.</summary>
    public static async Task<EvaluationRun> LatestRunAsync(AssessmentDbContext db, AssessmentPeriod period, CancellationToken cancellationToken)
    {
        var (run, _) = await CurrentAsync(db, period, cancellationToken);
        return run;
    }

    /// <summary>The period's assessment and its current run; 404 when no run of the period has completed.</summary>
    public static async Task<(EvaluationRun Run, PeriodAssessment Assessment)> CurrentAsync(AssessmentDbContext db, AssessmentPeriod period, CancellationToken cancellationToken)
    {
        var assessment = await Reviews.Assessments.OfPeriodAsync(db, period, tracked: false, cancellationToken);
        var run = assessment.CurrentRunId is { } id ? await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken) : null;
        return (run ?? throw new NotFoundException("NoCompletedRun", $"{period} has no completed evaluation run yet.", period), assessment);
    }

    /// <summary>The squads whose officers the actor may see; null means all of them.</summary>
    public static async Task<IReadOnlySet<long>?> ReachableSquadsAsync(CurrentActor actor, CancellationToken cancellationToken) =>
        await actor.ReachableUnitsAsync(cancellationToken);
}
