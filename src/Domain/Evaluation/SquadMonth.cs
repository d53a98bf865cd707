namespace AssessmentEngine.Domain.Evaluation;

/// <summary>What the squad scheme reads about one squad (rule input <c>squad</c>), built from its members' results.</summary>
public sealed class SquadMonth
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string BrigadeId { get; init; } = string.Empty;

    public int MemberCount { get; init; }

    public double AverageScore { get; init; }

    public double MinScore { get; init; }

    public int OverdueCases { get; init; }

    public int VerifiedComplaints { get; init; }

    public int VetoCount { get; init; }

    public int WarningCount { get; init; }

    /// <summary>Badge number of the squad leader; empty when the squad has none.</summary>
    public string LeaderId { get; init; } = string.Empty;

    public List<MemberScoreView> Members { get; init; } = [];
}

public sealed class MemberScoreView
{
    public string OfficerId { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public double Score { get; init; }

    public string Grade { get; init; } = string.Empty;

    public bool Vetoed { get; init; }
}
