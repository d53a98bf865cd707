using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>Which completed run speaks for a period: one that no later completed run supersedes, else the latest finished.</summary>
public static class LatestRuns
{
    public static Dictionary<AssessmentPeriod, EvaluationRun> ByPeriod(IEnumerable<EvaluationRun> runs)
    {
        var completed = runs.Where(r => r.Status == RunStatus.Completed).ToList();
        var superseded = completed.Where(r => r.SupersedesRunId is not null).Select(r => r.SupersedesRunId!.Value).ToHashSet();
        return completed.GroupBy(r => r.Period).ToDictionary(
            g => g.Key,
            g => g.OrderBy(r => superseded.Contains(r.Id) ? 1 : 0).ThenByDescending(r => r.FinishedAt).ThenByDescending(r => r.QueuedAt).First());
    }
}
