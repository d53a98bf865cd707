using AssessmentEngine.Engine.Bench.Workload;

namespace AssessmentEngine.Engine.Bench.Scoring;

/// <summary>
/// officer-monthly.json written by hand: every GlobalParam and rule expression copied literally as
/// C# with LINQ lambdas, params evaluated first as RulesEngine does. The "what a C# developer would
/// write" yardstick.
/// </summary>
public sealed class LinqReferenceScorer : IOfficerScorer
{
    public static IReadOnlyList<string> RuleNames { get; } =
    [
        "BodycamRateBelow95", "PenaltyWithoutFootage", "LateFootageUpload", "RoadLowVolume", "DrunkDrivingHandled",
        "SevereDrunkPenalized", "AuxiliaryIndependentPenalty", "OverdueCase", "MultipleOverdueCases", "AllCasesOnTime",
        "CriminalCaseClosedInPeriod", "LateArrival", "FrequentLate", "EarlyLeave", "Absence",
        "LowPresentRate", "FullAttendance", "OffPost", "UniformViolation", "DrinkingOnDuty",
        "OrderNotExecuted", "VerifiedComplaint", "CommendationLetterOrNotice", "AwardOrMerit", "ShortDutyHours",
    ];

    private readonly RuleTable _rules;

    public LinqReferenceScorer(RuleTable rules)
    {
        rules.RequireOrder(RuleNames, nameof(LinqReferenceScorer));
        _rules = rules;
    }

    public string Name => "linq-reference";
    public bool HasCompileStep => false;

    public void Prepare()
    {
    }

    public OfficerScore Score(Officer officer, Period period, Span<bool> fired)
    {
        // GlobalParams
        var enfCount = officer.Enforcements.Count;
        var footageCount = officer.Enforcements.Count(e => e.HasFootage);
        var bodycamRate = enfCount == 0 ? 1.0 : footageCount * 1.0 / enfCount;
        var drunkCount = officer.Enforcements.Count(e => e.Code == "drunk" || e.Code == "drunk_severe");
        var lateCount = officer.Attendance.Count(a => a.Status == "late");
        var absentCount = officer.Attendance.Count(a => a.Status == "absent");
        var presentRate = officer.Attendance.Count == 0 ? 0.0 : officer.Attendance.Count(a => a.Status == "present") * 1.0 / officer.Attendance.Count;
        var overdueCount = officer.Cases.Count(c => (c.ClosedAt == null && c.DeadlineAt < period.End) || (c.ClosedAt != null && c.ClosedAt > c.DeadlineAt));

        // Rules
        fired[0] = enfCount > 0 && bodycamRate < 0.95;
        fired[1] = officer.Enforcements.Any(e => e.PenaltyIssued && !e.HasFootage);
        fired[2] = officer.Enforcements.Any(e => e.HasFootage && e.UploadDelayHours > 24);
        fired[3] = officer.PostType == "road" && enfCount < 40;
        fired[4] = drunkCount >= 3;
        fired[5] = officer.Enforcements.Any(e => e.Code == "drunk_severe" && e.PenaltyIssued && e.HasFootage);
        fired[6] = officer.Kind == "辅警" && officer.Enforcements.Any(e => e.PenaltyIssued && e.Code != "parking");
        fired[7] = overdueCount >= 1;
        fired[8] = overdueCount >= 2;
        fired[9] = officer.Cases.Count > 0 && officer.Cases.All(c => c.ClosedAt != null && c.ClosedAt <= c.DeadlineAt);
        fired[10] = officer.Cases.Any(c => c.Kind == "criminal" && c.ClosedAt >= period.Start && c.ClosedAt < period.End);
        fired[11] = lateCount >= 1;
        fired[12] = lateCount >= 3;
        fired[13] = officer.Attendance.Any(a => a.Status == "early");
        fired[14] = absentCount >= 1;
        fired[15] = presentRate < 0.9;
        fired[16] = officer.Attendance.Count >= 20 && officer.Attendance.All(a => a.Status == "present");
        fired[17] = officer.Incidents.Any(i => i.Verified && i.Code == "off_post");
        fired[18] = officer.Incidents.Any(i => i.Verified && i.Code == "uniform");
        fired[19] = officer.Incidents.Any(i => i.Verified && i.Code == "drinking");
#pragma warning disable CA1827 // The workflow writes Count(..) >= 1; the reference mirrors it, not improves it.
        fired[20] = officer.Incidents.Count(i => i.Verified && i.Code == "order_not_executed") >= 1;
#pragma warning restore CA1827
        fired[21] = officer.Complaints.Any(c => c.Verified);
        fired[22] = officer.Commendations.Any(c => c.Level == "letter" || c.Level == "notice");
        fired[23] = officer.Commendations.Any(c => c.Level == "award" || c.Level == "merit3");
        fired[24] = (officer.Kind == "辅警" && officer.DutyHours < 160) || (officer.IsSquadLeader && officer.DutyHours < 170);

        return _rules.Tally(fired);
    }
}
