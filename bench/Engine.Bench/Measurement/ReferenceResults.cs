using AssessmentEngine.Engine.Bench.Scoring;
using AssessmentEngine.Engine.Bench.Workload;

namespace AssessmentEngine.Engine.Bench.Measurement;

/// <summary>Fired rules and scores of one scorer over every officer, to check the others against.</summary>
public sealed class ReferenceResults
{
    private readonly bool[] _fired;
    private readonly OfficerScore[] _scores;
    private readonly int _ruleCount;

    private ReferenceResults(string source, bool[] fired, OfficerScore[] scores, int ruleCount)
    {
        Source = source;
        _fired = fired;
        _scores = scores;
        _ruleCount = ruleCount;
    }

    public string Source { get; }

    public static ReferenceResults Compute(IOfficerScorer scorer, IReadOnlyList<Officer> officers, Period period, int ruleCount)
    {
        var fired = new bool[officers.Count * ruleCount];
        var scores = new OfficerScore[officers.Count];
        for (var i = 0; i < officers.Count; i++)
            scores[i] = scorer.Score(officers[i], period, fired.AsSpan(i * ruleCount, ruleCount));
        return new ReferenceResults(scorer.Name, fired, scores, ruleCount);
    }

    /// <summary>Lists up to <paramref name="maxReported"/> disagreements (officer, rule or score) with this reference.</summary>
    public List<string> Disagreements(IOfficerScorer scorer, IReadOnlyList<Officer> officers, Period period, IReadOnlyList<string> ruleNames, int maxReported = 10)
    {
        var problems = new List<string>();
        Span<bool> fired = stackalloc bool[_ruleCount];
        for (var i = 0; i < officers.Count && problems.Count < maxReported; i++)
        {
            fired.Clear();
            var score = scorer.Score(officers[i], period, fired);
            var expected = _fired.AsSpan(i * _ruleCount, _ruleCount);
            for (var r = 0; r < _ruleCount; r++)
            {
                if (fired[r] != expected[r])
                    problems.Add($"{officers[i].Id} {ruleNames[r]}: {scorer.Name}={fired[r]} {Source}={expected[r]}");
            }
            if (score != _scores[i])
                problems.Add($"{officers[i].Id} score: {scorer.Name}={score} {Source}={_scores[i]}");
        }
        return problems;
    }
}
