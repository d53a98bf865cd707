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
            : throw new ValidationException(new Dictionary<string, string[]> { ["period"] = [$"'{text}' is not a period; write a month as 2026-10 or a quarter as 2026-Q4."] });

    /// <summary>The latest completed run of the period: re-runs (after appeals) supersede earlier ones.</summary>
    public static async Task<EvaluationRun> LatestRunAsync(AssessmentDbContext db, AssessmentPeriod period, CancellationToken cancellationToken)
    {
        var runs = await db.EvaluationRuns.AsNoTracking().Where(r => r.Period == period && r.Status == RunStatus.Completed).ToListAsync(cancellationToken);
        return Evaluations.LatestRuns.ByPeriod(runs).GetValueOrDefault(period)
            ?? throw new NotFoundException($"{period} has no completed evaluation run yet.");
    }

    /// <summary>The squads whose officers the actor may see; null means all of them.</summary>
    public static async Task<IReadOnlySet<long>?> ReachableSquadsAsync(CurrentActor actor, CancellationToken cancellationToken) =>
        await actor.ReachableUnitsAsync(cancellationToken);
}
