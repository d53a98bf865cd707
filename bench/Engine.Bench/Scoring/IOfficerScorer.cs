using AssessmentEngine.Engine.Bench.Workload;

namespace AssessmentEngine.Engine.Bench.Scoring;

/// <summary>
/// The seam every contender implements: the two hand-written references today, the rules engine
/// of src/Rules later (see the ENGINE CONTENDER block in Program.cs).
/// </summary>
public interface IOfficerScorer
{
    string Name { get; }

    /// <summary>True when <see cref="Prepare"/> does real work; Prepare() plus the first Score() is then reported as compile time.</summary>
    bool HasCompileStep { get; }

    /// <summary>Loads and compiles the rules. Called once per instance, before any <see cref="Score"/>; timed.</summary>
    void Prepare();

    /// <summary>
    /// Evaluates every rule for one officer. <paramref name="fired"/> has one slot per rule in
    /// workflow order (<see cref="RuleTable.Names"/>); the scorer sets each slot. Must be safe to call
    /// from several threads at once after <see cref="Prepare"/>.
    /// </summary>
    OfficerScore Score(Officer officer, Period period, Span<bool> fired);
}
