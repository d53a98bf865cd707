using AssessmentEngine.Engine.Bench.Scoring;

namespace AssessmentEngine.Engine.Bench.Measurement;

/// <summary>A named way to build a scorer; a fresh instance per compile measurement.</summary>
public sealed record Contender(string Name, Func<IOfficerScorer> Create);
