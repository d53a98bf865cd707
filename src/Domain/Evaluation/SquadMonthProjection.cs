namespace AssessmentEngine.Domain.Evaluation;

/// <summary>A squad member's month and the result the officer or auxiliary scheme gave it.</summary>
public sealed record SquadMember(OfficerMonth Month, double Score, string Grade, bool Vetoed, bool Warned);

/// <summary>Aggregates members' months and results into the <see cref="SquadMonth"/> the squad scheme reads.</summary>
public static class SquadMonthProjection
{
    /// <remarks>The average covers every member, auxiliaries included; a scheme wanting sworn officers only filters <see cref="SquadMonth.Members"/>.</remarks>
    public static SquadMonth Project(string squadId, string squadName, string brigadeId, PeriodView period, IReadOnlyCollection<SquadMember> members)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(members);
        var views = new List<MemberScoreView>(members.Count);
        double sum = 0;
        var min = double.MaxValue;
        int overdue = 0, verifiedComplaints = 0, vetoes = 0, warnings = 0;
        var leaderId = string.Empty;
        foreach (var m in members)
        {
            sum += m.Score;
            min = Math.Min(min, m.Score);
            if (m.Vetoed)
                vetoes++;
            if (m.Warned)
                warnings++;
            if (m.Month.IsSquadLeader)
                leaderId = m.Month.Id;
            foreach (var c in m.Month.Cases)
            {
                if (OverdueCase.In(c, period.Start, period.End))
                    overdue++;
            }

            foreach (var c in m.Month.Complaints)
            {
                if (c.Verified)
                    verifiedComplaints++;
            }

            views.Add(new MemberScoreView { OfficerId = m.Month.Id, Kind = m.Month.Kind, Score = m.Score, Grade = m.Grade, Vetoed = m.Vetoed });
        }

        return new SquadMonth
        {
            Id = squadId,
            Name = squadName,
            BrigadeId = brigadeId,
            MemberCount = members.Count,
            AverageScore = members.Count == 0 ? 0 : sum / members.Count,
            MinScore = members.Count == 0 ? 0 : min,
            OverdueCases = overdue,
            VerifiedComplaints = verifiedComplaints,
            VetoCount = vetoes,
            WarningCount = warnings,
            LeaderId = leaderId,
            Members = views,
        };
    }
}
