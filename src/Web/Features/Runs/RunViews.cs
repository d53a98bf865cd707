using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Evaluations;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>A run's history row: status, timings, attempts, the node that ran it last, its error and its counts.</summary>
public sealed record RunView(
    Guid Id,
    string Period,
    RunStatus Status,
    string ClaimKey,
    Guid? SupersedesRunId,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? Seconds,
    int Attempts,
    string? Node,
    string? Error,
    int Parts,
    int PartsDone,
    int? Officers,
    int? Auxiliaries,
    int? Squads,
    int? Outcomes,
    IReadOnlyDictionary<string, double>? StageSeconds,
    IReadOnlyList<string>? MissingFacts = null)
{
    public static RunView Of(EvaluationRun run, int parts, int partsDone) => new(
        run.Id, run.Period.Key, run.Status, run.ClaimKey, run.SupersedesRunId, run.QueuedAt, run.StartedAt, run.FinishedAt,
        run.Duration is { } d ? Math.Round(d.TotalSeconds, 3) : null, run.Attempts, run.Node, run.Error, parts, partsDone,
        run.Statistics?.Officers, run.Statistics?.Auxiliaries, run.Statistics?.Squads, run.Statistics?.Outcomes, run.Statistics?.StageSeconds,
        [.. run.MissingFacts]);
}

/// <summary>One brigade's share of a run, with each attempt's node and error.</summary>
public sealed record RunPartView(
    long BrigadeId,
    string BrigadeCode,
    RunPartStatus Status,
    int Attempts,
    string? Node,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    int Officers,
    long FactRows,
    double LoadSeconds,
    double ScoreSeconds,
    double StoreSeconds)
{
    public static RunPartView Of(RunPart part) => new(
        part.BrigadeId, part.BrigadeCode, part.Status, part.Attempts, part.Node, part.StartedAt, part.FinishedAt, part.Error,
        part.Officers, part.FactRows, part.LoadSeconds, part.ScoreSeconds, part.StoreSeconds);
}

public sealed record RunDetail(RunView Run, IReadOnlyList<RunPartView> Parts)
{
    /// <summary>The other engine's check of this run (Rules:CrossCheck): subjects checked and every disagreement.</summary>
    public RunCrossCheckView? CrossCheck { get; init; }
}
