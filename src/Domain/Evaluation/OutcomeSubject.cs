namespace AssessmentEngine.Domain.Evaluation;

/// <summary>An officer or squad as the outcome scheme sees it (rule input <c>subject</c>): this period's result and the last 12.</summary>
public sealed class OutcomeSubject
{
    public string Id { get; init; } = string.Empty;

    /// <summary>"officer" or "squad".</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>For a person, "officer" (民警) or "auxiliary" (辅警); empty for a squad.</summary>
    public string Personnel { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public double Score { get; init; }

    public string Grade { get; init; } = string.Empty;

    public bool Vetoed { get; init; }

    public int Rank { get; init; }

    public int PeerGroupSize { get; init; }

    /// <summary>0–100, 100 = best of the peer group.</summary>
    public double Percentile { get; init; }

    /// <summary>For a squad, its rank among the squads of its brigade; 0 for an officer.</summary>
    public int BrigadeRankOfSquad { get; init; }

    public int OverdueCases { get; init; }

    public int VerifiedComplaints { get; init; }

    /// <summary>The 12 previous periods, most recent first; months without a result are absent.</summary>
    public List<HistoryMonth> History { get; init; } = [];
}

public sealed class HistoryMonth
{
    public string PeriodKey { get; init; } = string.Empty;

    public double Score { get; init; }

    public string Grade { get; init; } = string.Empty;

    public bool Vetoed { get; init; }

    public int Rank { get; init; }

    public bool WasLowestSquad { get; init; }

    public bool HadWarning { get; init; }

    /// <summary>"squad", "department" or "committee" when an interview was held that month; empty otherwise.</summary>
    public string InterviewLevel { get; init; } = string.Empty;
}
