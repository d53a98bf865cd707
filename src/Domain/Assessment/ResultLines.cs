namespace AssessmentEngine.Domain.Assessment;

/// <summary>
/// Why a rule changed a score: its points, the parameters it saw and the records that made it fire.
/// <paramref name="EvidenceSource"/> names the list the evidence came from ("Enforcements", "Attendance", "Cases" …),
/// because record ids are only unique within one kind of fact.
/// </summary>
public sealed record RuleLine(
    string RuleName,
    string Title,
    string Category,
    double Points,
    string ParametersJson,
    IReadOnlyList<long> EvidenceIds,
    string? EvidenceSource = null);

public sealed record CategorySubtotal(string Category, double Points);

/// <summary>A subject's standing among its peers (unit × post type for officers).</summary>
public sealed record Standing(int Rank, int PeerGroupSize, double Percentile)
{
    public static Standing Of(int rank, int peerGroupSize)
    {
        if (peerGroupSize < 1 || rank < 1 || rank > peerGroupSize)
            throw new DomainException("RankOutsidePeers", $"Rank {rank} is not within a peer group of {peerGroupSize}.", rank, peerGroupSize);
        var percentile = peerGroupSize == 1 ? 100.0 : 100.0 * (peerGroupSize - rank) / (peerGroupSize - 1);
        return new Standing(rank, peerGroupSize, percentile);
    }
}
