namespace AssessmentEngine.Domain.Assessment;

public enum RunStatus
{
    Queued = 1,
    Running = 2,
    Completed = 3,
    Failed = 4,
}

public enum PublicationState
{
    Draft = 1,

    /// <summary>公示: posted for the appeal window.</summary>
    Published = 2,

    Final = 3,
}

/// <summary>The content hash of one scheme (rule-set version) a run evaluated.</summary>
public sealed record SchemeVersion(string SchemeName, string Hash);

/// <summary>The highest id of one kind of fact ("enforcement_actions", …) that a run reads.</summary>
public sealed record FactWatermark(string Fact, long MaxId);

/// <summary>What a completed run evaluated and how long each stage took.</summary>
public sealed record RunStatistics(
    int Officers,
    int Auxiliaries,
    int Squads,
    long FactRows,
    int Outcomes,
    IReadOnlyDictionary<string, double> StageSeconds);
