using AssessmentEngine.Domain.Evaluation;

namespace AssessmentEngine.Engine.Bench.Workload;

/// <summary>
/// The shared workload's month recast as the application's own input type (<see cref="OfficerMonth"/>), so a shipped
/// scheme (rules/officer-monthly.json) can be scored on it: the same officers and rates, plus what the shipped scheme
/// reads beyond WORKLOAD.md (record ids for evidence, minutes late, shifts, 90-day complaint counts, adjustments).
/// Deterministic: a fixed seed and no clock.
/// </summary>
public static class SchemeWorkload
{
    public static PeriodView June2024 { get; } = new()
    {
        Start = WorkloadGenerator.June2024.Start,
        End = WorkloadGenerator.June2024.End,
        Year = 2024,
        Month = 6,
        Quarter = 2,
        Key = "2024-06",
        WorkingDays = 20,
    };

    public static OfficerMonth[] Generate(IReadOnlyList<Officer> officers, int seed = WorkloadGenerator.DefaultSeed)
    {
        var rng = new Random(seed);
        long nextId = 1;
        var months = new OfficerMonth[officers.Count];
        for (var o = 0; o < officers.Count; o++)
        {
            var officer = officers[o];
            var shifts = new List<ShiftView>(officer.Attendance.Count);
            foreach (var day in officer.Attendance.Where(a => a.Status is "present" or "late" or "early"))
            {
                // ≈ 1 % of shifts without a sign-in and 0.5 % found off post: a few officers a month lose points for each.
                shifts.Add(new ShiftView
                {
                    Id = nextId++,
                    Post = officer.PostType,
                    Start = day.Day.AddHours(8),
                    Hours = 8,
                    SignedIn = rng.NextDouble() >= 0.01,
                    OffPost = rng.NextDouble() < 0.005,
                });
            }
            months[o] = new OfficerMonth
            {
                Id = officer.Id,
                Name = officer.Id,
                Kind = officer.Kind,
                PostType = officer.PostType,
                SquadId = officer.SquadId,
                IsSquadLeader = officer.IsSquadLeader,
                DutyHours = officer.DutyHours,
                Enforcements = officer.Enforcements.Select((e, i) => new EnforcementView
                {
                    Id = nextId++,
                    Code = e.Code,
                    At = June2024.Start.AddHours(i * 11 % 720),
                    HasFootage = e.HasFootage,
                    UploadDelayHours = e.UploadDelayHours,
                    PenaltyIssued = e.PenaltyIssued,
                }).ToList(),
                Cases = officer.Cases.Select(c => new CaseView { Id = nextId++, Kind = c.Kind, AcceptedAt = c.AcceptedAt, DeadlineAt = c.DeadlineAt, ClosedAt = c.ClosedAt }).ToList(),
                Attendance = officer.Attendance.Select(a => new AttendanceView
                {
                    Id = nextId++,
                    Day = a.Day,
                    Status = a.Status,
                    MinutesLate = a.Status == "late" ? 5 + rng.Next(50) : 0,
                }).ToList(),
                Shifts = shifts,
                Incidents = officer.Incidents.Select(i => new IncidentView { Id = nextId++, Code = i.Code, At = June2024.Start.AddDays(rng.Next(30)), Verified = i.Verified }).ToList(),
                Complaints = officer.Complaints.Select(c => new ComplaintView { Id = nextId++, At = June2024.Start.AddDays(rng.Next(30)), Verified = c.Verified }).ToList(),
                Complaints90Days = officer.Complaints.Count(c => c.Verified) + (rng.NextDouble() < 0.02 ? 1 : 0),
                UnverifiedComplaints90Days = officer.Complaints.Count(c => !c.Verified) + (rng.NextDouble() < 0.01 ? 2 : 0),
                Commendations = officer.Commendations.Select(c => new CommendationView { Id = nextId++, Level = c.Level, At = June2024.Start.AddDays(rng.Next(30)) }).ToList(),
                Adjustments = rng.NextDouble() < 0.005
                    ? [new AdjustmentView { Id = nextId++, RuleName = "LateOrEarlyLeave", Points = 1, Reason = "appeal upheld" }]
                    : [],
            };
        }
        return months;
    }
}
