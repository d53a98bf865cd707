using AssessmentEngine.Domain.Organization;

namespace AssessmentEngine.Domain.Assessment;

/// <summary>An officer's score in one run, with every rule that contributed. Immutable once created.</summary>
public sealed class OfficerResult
{
    private readonly List<CategorySubtotal> _subtotals = [];
    private readonly List<RuleLine> _lines = [];

    private OfficerResult()
    {
        Grade = string.Empty;
        BadgeNumber = string.Empty;
    }

    public OfficerResult(
        Guid runId,
        long officerId,
        string badgeNumber,
        PersonnelKind kind,
        PostType post,
        long squadId,
        double score,
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
            throw new DomainException("OfficerScoreNotFinite", $"Officer {badgeNumber} has no finite score.", badgeNumber);
        Id = Guid.CreateVersion7();
        RunId = runId;
        OfficerId = officerId;
        BadgeNumber = Guard.Required(badgeNumber, "BadgeNumberRequired", "Badge number");
        Kind = kind;
        Post = post;
        SquadId = squadId;
        Score = score;
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

    public long OfficerId { get; private set; }

    public string BadgeNumber { get; private set; }

    public PersonnelKind Kind { get; private set; }

    public PostType Post { get; private set; }

    public long SquadId { get; private set; }

    public double Score { get; private set; }

    public string Grade { get; private set; }

    public int Rank { get; private set; }

    public int PeerGroupSize { get; private set; }

    /// <summary>0–100, 100 = best of the peer group.</summary>
    public double Percentile { get; private set; }

    /// <summary>一票否决: a breach voided the month.</summary>
    public bool Vetoed { get; private set; }

    public IReadOnlyCollection<CategorySubtotal> Subtotals => _subtotals.AsReadOnly();

    public IReadOnlyCollection<RuleLine> Lines => _lines.AsReadOnly();
}
