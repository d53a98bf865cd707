using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Execution;

public class OfficerMonthlyWorkflowTests
{
    [Fact]
    public void The_benchmark_workflow_compiles_and_agrees_with_the_same_rules_written_in_csharp()
    {
        var workflow = Workflows.Compile(Workflows.OfficerMonthlyJson)["officer-monthly"];
        var period = OfficerFactory.June2024;
        foreach (var officer in OfficerFactory.Generate(300, seed: 7))
        {
            var results = workflow.Execute(Workflows.July2024, officer, period);
            var expected = HandWritten(officer, period);
            results.Select(r => (r.Rule.RuleName, r.IsSuccess)).Should().Equal(expected, officer.Id);
            results.Should().OnlyContain(r => r.ExceptionMessage == null);
        }
    }

    private static IEnumerable<(string, bool)> HandWritten(Officer o, Period p)
    {
        var enfCount = o.Enforcements.Count;
        var footage = o.Enforcements.Count(e => e.HasFootage);
        var rate = enfCount == 0 ? 1.0 : footage * 1.0 / enfCount;
        var drunk = o.Enforcements.Count(e => e.Code is "drunk" or "drunk_severe");
        var late = o.Attendance.Count(a => a.Status == "late");
        var absent = o.Attendance.Count(a => a.Status == "absent");
        var presentRate = o.Attendance.Count == 0 ? 0.0 : o.Attendance.Count(a => a.Status == "present") * 1.0 / o.Attendance.Count;
        var overdue = o.Cases.Count(c => (c.ClosedAt == null && c.DeadlineAt < p.End) || (c.ClosedAt != null && c.ClosedAt > c.DeadlineAt));
        yield return ("BodycamRateBelow95", enfCount > 0 && rate < 0.95);
        yield return ("PenaltyWithoutFootage", o.Enforcements.Any(e => e.PenaltyIssued && !e.HasFootage));
        yield return ("LateFootageUpload", o.Enforcements.Any(e => e.HasFootage && e.UploadDelayHours > 24));
        yield return ("RoadLowVolume", o.PostType == "road" && enfCount < 40);
        yield return ("DrunkDrivingHandled", drunk >= 3);
        yield return ("SevereDrunkPenalized", o.Enforcements.Any(e => e.Code == "drunk_severe" && e.PenaltyIssued && e.HasFootage));
        yield return ("AuxiliaryIndependentPenalty", o.Kind == "辅警" && o.Enforcements.Any(e => e.PenaltyIssued && e.Code != "parking"));
        yield return ("OverdueCase", overdue >= 1);
        yield return ("MultipleOverdueCases", overdue >= 2);
        yield return ("AllCasesOnTime", o.Cases.Count > 0 && o.Cases.All(c => c.ClosedAt != null && c.ClosedAt <= c.DeadlineAt));
        yield return ("CriminalCaseClosedInPeriod", o.Cases.Any(c => c.Kind == "criminal" && c.ClosedAt >= p.Start && c.ClosedAt < p.End));
        yield return ("LateArrival", late >= 1);
        yield return ("FrequentLate", late >= 3);
        yield return ("EarlyLeave", o.Attendance.Any(a => a.Status == "early"));
        yield return ("Absence", absent >= 1);
        yield return ("LowPresentRate", presentRate < 0.9);
        yield return ("FullAttendance", o.Attendance.Count >= 20 && o.Attendance.All(a => a.Status == "present"));
        yield return ("OffPost", o.Incidents.Any(i => i.Verified && i.Code == "off_post"));
        yield return ("UniformViolation", o.Incidents.Any(i => i.Verified && i.Code == "uniform"));
        yield return ("DrinkingOnDuty", o.Incidents.Any(i => i.Verified && i.Code == "drinking"));
        yield return ("OrderNotExecuted", o.Incidents.Any(i => i.Verified && i.Code == "order_not_executed"));
        yield return ("VerifiedComplaint", o.Complaints.Any(c => c.Verified));
        yield return ("CommendationLetterOrNotice", o.Commendations.Any(c => c.Level == "letter" || c.Level == "notice"));
        yield return ("AwardOrMerit", o.Commendations.Any(c => c.Level == "award" || c.Level == "merit3"));
        yield return ("ShortDutyHours", (o.Kind == "辅警" && o.DutyHours < 160) || (o.IsSquadLeader && o.DutyHours < 170));
    }
}
