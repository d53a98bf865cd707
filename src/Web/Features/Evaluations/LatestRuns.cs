using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// Which completed run speaks for a period: the one queued last, the same rule by which <see cref="PeriodAssessment.Adopt"/>
/// makes a run current, so readers of many periods at once need not load the assessments.
/// </summary>
public static class LatestRuns
{
    public static Dictionary<AssessmentPeriod, EvaluationRun> ByPeriod(IEnumerable<EvaluationRun> runs) =>
        runs.Where(r => r.Status == RunStatus.Completed).GroupBy(r => r.Period).ToDictionary(
            g => g.Key,
            g => g.OrderByDescending(r => r.QueuedAt).ThenByDescending(r => r.Id).First());
}
