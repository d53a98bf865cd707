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

    /// <summary>Counts officers on which <paramref name="scorer"/> disagrees (a rule or the score); describes the first few.</summary>
    public (int Officers, List<string> Samples) Disagreements(IOfficerScorer scorer, IReadOnlyList<Officer> officers, Period period, IReadOnlyList<string> ruleNames, int maxSamples = 10)
    {
        var count = 0;
        var samples = new List<string>();
        Span<bool> fired = stackalloc bool[_ruleCount];
        for (var i = 0; i < officers.Count; i++)
        {
            fired.Clear();
            var score = scorer.Score(officers[i], period, fired);
            var expected = _fired.AsSpan(i * _ruleCount, _ruleCount);
            if (fired.SequenceEqual(expected) && score == _scores[i])
                continue;
            count++;
            for (var r = 0; r < _ruleCount && samples.Count < maxSamples; r++)
            {
                if (fired[r] != expected[r])
                    samples.Add($"{officers[i].Id} {ruleNames[r]}: {scorer.Name}={fired[r]} {Source}={expected[r]}");
            }
            if (score != _scores[i] && samples.Count < maxSamples)
                samples.Add($"{officers[i].Id} score: {scorer.Name}={score} {Source}={_scores[i]}");
        }
        return (count, samples);
    }
}
