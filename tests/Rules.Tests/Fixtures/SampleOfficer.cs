namespace AssessmentEngine.Rules.Tests.Fixtures;

/// <summary>One officer with hand-checkable facts; the compatibility suite's expected values are computed from these.</summary>
public static class SampleOfficer
{
    public static Officer Create() => new()
    {
        Id = "O1",
        Kind = "民警",
        PostType = "road",
        Post = PostKind.Road,
        SquadId = "S1",
        IsSquadLeader = true,
        DutyHours = 165.5,
        Rank = 3,
        Badge = 123456789012L,
        Allowance = 1500.50m,
        Scores = [90, 85, 70],
        Indicators = new Dictionary<string, double> { ["speed"] = 1.5, ["accuracy"] = 0.9 },
        Squad = new Squad { Id = "S1", Name = "一中队" },
        JoinedAt = new DateTime(2020, 3, 15, 8, 30, 0),
        RestDay = DayOfWeek.Sunday,
        Nickname = null,
        Enforcements =
        [
            new() { Id = "E1", Code = "parking", HasFootage = true, PenaltyIssued = true, UploadDelayHours = 2, Fine = 100m, At = new DateTime(2024, 6, 3, 10, 0, 0) },
            new() { Id = "E2", Code = "helmet", HasFootage = false, PenaltyIssued = true, UploadDelayHours = 0, Fine = 50m, At = new DateTime(2024, 6, 4, 9, 0, 0) },
            new() { Id = "E3", Code = "drunk", HasFootage = true, PenaltyIssued = false, UploadDelayHours = 30, Fine = 0m, At = new DateTime(2024, 6, 5, 23, 0, 0) },
            new() { Id = "E4", Code = "speeding", HasFootage = true, PenaltyIssued = true, UploadDelayHours = 5, Fine = 200m, At = new DateTime(2024, 6, 6, 15, 30, 0) },
        ],
        Cases =
        [
            new() { Id = "C1", Kind = "admin", AcceptedAt = new DateTime(2024, 6, 1), DeadlineAt = new DateTime(2024, 6, 16), ClosedAt = new DateTime(2024, 6, 10) },
            new() { Id = "C2", Kind = "criminal", AcceptedAt = new DateTime(2024, 5, 20), DeadlineAt = new DateTime(2024, 6, 19), ClosedAt = null },
        ],
        Attendance =
        [
            new() { Day = new DateTime(2024, 6, 3), Status = "present" },
            new() { Day = new DateTime(2024, 6, 4), Status = "late" },
            new() { Day = new DateTime(2024, 6, 5), Status = "present" },
            new() { Day = new DateTime(2024, 6, 6), Status = "present" },
        ],
        Incidents = [new() { Code = "uniform", Verified = true }],
    };
}
