namespace AssessmentEngine.Domain.Assessment;

/// <summary>A squad's score in one run, from the squad scheme over its members' results. Immutable once created.</summary>
public sealed class SquadResult
{
    private readonly List<CategorySubtotal> _subtotals = [];
    private readonly List<RuleLine> _lines = [];

    private SquadResult()
    {
        Grade = string.Empty;
    }

    public SquadResult(
        Guid runId,
        long squadId,
        long brigadeId,
        double score,
        double averageOfficerScore,
        string grade,
        Standing standing,
        bool vetoed,
        IEnumerable<CategorySubtotal> subtotals,
        IEnumerable<RuleLine> lines)
    {
        ArgumentNullException.ThrowIfNull(standing);
        ArgumentNullException.ThrowIfNull(subtotals);
        ArgumentNullException.ThrowIfNull(lines);
        if (double.IsNaN(score) || double.IsInfinity(score))
            throw new DomainException("SquadScoreNotFinite", $"Squad {squadId} has no finite score.", squadId);
        Id = Guid.CreateVersion7();
        RunId = runId;
        SquadId = squadId;
        BrigadeId = brigadeId;
        Score = score;
        AverageOfficerScore = averageOfficerScore;
        Grade = Guard.Required(grade, "GradeRequired", "Grade");
        Rank = standing.Rank;
        PeerGroupSize = standing.PeerGroupSize;
        Percentile = standing.Percentile;
        Vetoed = vetoed;
        _subtotals.AddRange(subtotals);
        _lines.AddRange(lines);
    }

    public Guid Id { get; private set; }

    public Guid RunId { get; private set; }

    public long SquadId { get; private set; }

    public long BrigadeId { get; private set; }

    public double Score { get; private set; }

    public double AverageOfficerScore { get; private set; }

    public string Grade { get; private set; }

    public int Rank { get; private set; }

    public int PeerGroupSize { get; private set; }

    public double Percentile { get; private set; }

    public bool Vetoed { get; private set; }

    public IReadOnlyCollection<CategorySubtotal> Subtotals => _subtotals.AsReadOnly();

    public IReadOnlyCollection<RuleLine> Lines => _lines.AsReadOnly();
}
