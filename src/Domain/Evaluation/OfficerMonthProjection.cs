using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Evaluation;

/// <summary>Where an officer sits, in the string ids the rule files see.</summary>
public sealed record OfficerPlacement(string SquadId, string BrigadeId, string SupervisorId);

/// <summary>Turns an officer's stored facts into the <see cref="OfficerMonth"/> a scheme reads.</summary>
public static class OfficerMonthProjection
{
    private const int ComplaintWindowDays = 90;

    public static OfficerMonth Project(OfficerFacts facts, OfficerPlacement placement, AssessmentPeriod period)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(placement);
        var officer = facts.Officer;
        var start = period.StartInstant;
        var end = period.EndInstant;
        var complaintWindowStart = end.AddDays(-ComplaintWindowDays);

        var enforcements = new List<EnforcementView>(facts.Enforcements.Count);
        foreach (var e in facts.Enforcements)
        {
            if (e.OccurredAt < start || e.OccurredAt >= end)
                continue;
            enforcements.Add(new EnforcementView
            {
                Id = e.Id,
                Code = e.Code,
                At = ShanghaiTime.ToLocal(e.OccurredAt),
                HasFootage = e.HasFootage,
                UploadDelayHours = e.UploadDelayHours ?? 0,
                PenaltyIssued = e.PenaltyIssued,
            });
        }

        // Cases are read whole: one accepted earlier may still be open or overdue in this period.
        var cases = new List<CaseView>(facts.Cases.Count);
        foreach (var c in facts.Cases)
        {
            cases.Add(new CaseView
            {
                Id = c.Id,
                Kind = c.Kind,
                AcceptedAt = ShanghaiTime.ToLocal(c.AcceptedAt),
                DeadlineAt = ShanghaiTime.ToLocal(c.DeadlineAt),
                ClosedAt = ShanghaiTime.ToLocal(c.ClosedAt),
            });
        }

        var attendance = new List<AttendanceView>(facts.Attendance.Count);
        foreach (var a in facts.Attendance)
        {
            var day = a.Day.ToDateTime(TimeOnly.MinValue);
            if (!period.Contains(day))
                continue;
            attendance.Add(new AttendanceView { Id = a.Id, Day = day, Status = a.Status, MinutesLate = a.MinutesLate });
        }

        var dutyHours = 0.0;
        var shifts = new List<ShiftView>(facts.Shifts.Count);
        foreach (var s in facts.Shifts)
        {
            if (s.Start < start || s.Start >= end)
                continue;
            dutyHours += s.Hours;
            shifts.Add(new ShiftView
            {
                Id = s.Id,
                Post = s.Post,
                Start = ShanghaiTime.ToLocal(s.Start),
                Hours = s.Hours,
                SignedIn = s.SignedIn,
                OffPost = s.OffPost,
            });
        }

        var incidents = new List<IncidentView>(facts.Incidents.Count);
        foreach (var i in facts.Incidents)
        {
            if (i.OccurredAt < start || i.OccurredAt >= end || i.Status == IncidentStatus.Dismissed)
                continue;
            incidents.Add(new IncidentView { Id = i.Id, Code = i.Code, At = ShanghaiTime.ToLocal(i.OccurredAt), Verified = i.Verified });
        }

        var complaints = new List<ComplaintView>(facts.Complaints.Count);
        int verified90 = 0, unverified90 = 0;
        foreach (var c in facts.Complaints)
        {
            if (c.ReceivedAt >= end)
                continue;
            if (c.ReceivedAt >= complaintWindowStart)
            {
                if (c.Verified)
                    verified90++;
                else
                    unverified90++;
            }

            if (c.ReceivedAt >= start)
                complaints.Add(new ComplaintView { Id = c.Id, At = ShanghaiTime.ToLocal(c.ReceivedAt), Verified = c.Verified });
        }

        var commendations = new List<CommendationView>(facts.Commendations.Count);
        foreach (var c in facts.Commendations)
        {
            if (c.AwardedAt >= start && c.AwardedAt < end)
                commendations.Add(new CommendationView { Id = c.Id, Level = c.Level, At = ShanghaiTime.ToLocal(c.AwardedAt) });
        }

        var trainings = new List<TrainingView>(facts.Trainings.Count);
        foreach (var t in facts.Trainings)
        {
            if (t.TakenAt >= start && t.TakenAt < end)
                trainings.Add(new TrainingView { Id = t.Id, Name = t.Name, Score = t.Score, Passed = t.Passed });
        }

        var indicators = new Dictionary<string, double>(facts.Indicators.Count, StringComparer.Ordinal);
        foreach (var i in facts.Indicators)
        {
            if (i.Period == period)
                indicators[i.Name] = i.Value;
        }

        var adjustments = new List<AdjustmentView>(facts.Adjustments.Count);
        foreach (var a in facts.Adjustments)
        {
            if (a.Period == period)
                adjustments.Add(new AdjustmentView { Id = a.Id, RuleName = a.RuleName, Points = a.Points, Reason = a.Reason });
        }

        return new OfficerMonth
        {
            Id = officer.BadgeNumber,
            Name = officer.Name,
            Kind = officer.Kind.Code(),
            PostType = officer.Post.Code(),
            SquadId = placement.SquadId,
            BrigadeId = placement.BrigadeId,
            IsSquadLeader = officer.IsSquadLeader,
            SupervisorId = placement.SupervisorId,
            DutyHours = dutyHours,
            Enforcements = enforcements,
            Cases = cases,
            Attendance = attendance,
            Shifts = shifts,
            Incidents = incidents,
            Complaints = complaints,
            Complaints90Days = verified90,
            UnverifiedComplaints90Days = unverified90,
            Commendations = commendations,
            Trainings = trainings,
            Indicators = indicators,
            Adjustments = adjustments,
        };
    }
}
