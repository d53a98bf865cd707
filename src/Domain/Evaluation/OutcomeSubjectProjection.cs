using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Evaluation;

/// <summary>
/// What an earlier month's result and outcomes said about a subject: <paramref name="HadWarning"/> is a warning (预警)
/// proper, never an interview; <paramref name="InterviewLevel"/> the highest interview of the month.
/// </summary>
public sealed record PastMonth(
    AssessmentPeriod Period,
    double Score,
    string Grade,
    bool Vetoed,
    int Rank,
    bool WasLowestSquad,
    bool HadWarning,
    InterviewLevel? InterviewLevel);

/// <summary>Builds the <see cref="OutcomeSubject"/> the outcome scheme reads from a result and its history.</summary>
public static class OutcomeSubjectProjection
{
    private const int HistoryMonths = 12;

    public static OutcomeSubject ForOfficer(OfficerResult current, string name, AssessmentPeriod period, int overdueCases, int verifiedComplaints, IEnumerable<PastMonth> history)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new OutcomeSubject
        {
            Id = current.BadgeNumber,
            Kind = "officer",
            Personnel = current.Kind == Organization.PersonnelKind.Auxiliary ? "auxiliary" : "officer",
            Name = name,
            Score = current.Score,
            Grade = current.Grade,
            Vetoed = current.Vetoed,
            Rank = current.Rank,
            PeerGroupSize = current.PeerGroupSize,
            Percentile = current.Percentile,
            OverdueCases = overdueCases,
            VerifiedComplaints = verifiedComplaints,
            History = History(period, history),
        };
    }

    public static OutcomeSubject ForSquad(SquadResult current, string code, string name, AssessmentPeriod period, int brigadeRank, int overdueCases, int verifiedComplaints, IEnumerable<PastMonth> history)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new OutcomeSubject
        {
            Id = code,
            Kind = "squad",
            Name = name,
            Score = current.Score,
            Grade = current.Grade,
            Vetoed = current.Vetoed,
            Rank = current.Rank,
            PeerGroupSize = current.PeerGroupSize,
            Percentile = current.Percentile,
            BrigadeRankOfSquad = brigadeRank,
            OverdueCases = overdueCases,
            VerifiedComplaints = verifiedComplaints,
            History = History(period, history),
        };
    }

    /// <summary>
    /// What a month's live, non-rejected outcomes say to the next months: a warning proper (预警, not an interview) and
    /// the highest interview level, so that an interview is never read as "warned last month".
    /// </summary>
    public static (bool HadWarning, InterviewLevel? InterviewLevel) Flags(IEnumerable<(OutcomeKind Kind, InterviewLevel? Level)> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var list = outcomes.ToList();
        return (list.Any(o => o.Kind == OutcomeKind.Warning), list.Where(o => o.Kind == OutcomeKind.Interview).Max(o => o.Level));
    }

    /// <summary>The 12 months before <paramref name="period"/>, most recent first; anything else is ignored.</summary>
    public static List<HistoryMonth> History(AssessmentPeriod period, IEnumerable<PastMonth> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var byPeriod = new Dictionary<AssessmentPeriod, PastMonth>();
        foreach (var month in history)
            byPeriod[month.Period] = month;
        var result = new List<HistoryMonth>(HistoryMonths);
        foreach (var p in period.PreviousMonths(HistoryMonths))
        {
            if (!byPeriod.TryGetValue(p, out var m))
                continue;
            result.Add(new HistoryMonth
            {
                PeriodKey = p.Key,
                Score = m.Score,
                Grade = m.Grade,
                Vetoed = m.Vetoed,
                Rank = m.Rank,
                WasLowestSquad = m.WasLowestSquad,
                HadWarning = m.HadWarning,
                InterviewLevel = m.InterviewLevel?.Code() ?? string.Empty,
            });
        }

        return result;
    }
}
