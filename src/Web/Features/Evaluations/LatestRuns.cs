using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// Which completed run speaks for a period: the current run of the period's assessment (<see cref="PeriodAssessment.Adopt"/>),
/// never a guess from queue times, which two runs queued in the same instant share.
/// </summary>
public static class LatestRuns
{
    public static async Task<Dictionary<AssessmentPeriod, EvaluationRun>> ByPeriodAsync(AssessmentDbContext db, CancellationToken cancellationToken)
    {
        var current = (await db.PeriodAssessments.AsNoTracking().Where(a => a.CurrentRunId != null).Select(a => a.CurrentRunId).ToListAsync(cancellationToken))
            .Select(id => id!.Value).ToList();
        var runs = await db.EvaluationRuns.AsNoTracking().Where(r => current.Contains(r.Id)).ToListAsync(cancellationToken);
        return runs.GroupBy(r => r.Period).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.QueuedAt).First());
    }
}
