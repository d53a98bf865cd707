using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Tests.Evaluation;

public class OfficerMonthProjectionTests
{
    private static readonly TimeSpan Plus8 = TimeSpan.FromHours(8);
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);

    private static OfficerFacts FactsOfOneOfficer()
    {
        var detachment = Unit.Detachment(1, "D01", "支队");
        var brigade = Unit.Brigade(2, "B01", "一大队", detachment);
        var squad = Unit.Squad(3, "B01-S01", "一中队", brigade);
        var officer = Officer.Auxiliary(7, "F000007", "李娜", PostType.Window, squad, new DateOnly(2020, 1, 1));
        var facts = new OfficerFacts(officer);
        var inOctober = new DateTimeOffset(2026, 10, 10, 9, 0, 0, Plus8);
        facts.Enforcements.Add(new EnforcementAction(1, 7, "ENF-7-1", EnforcementCodes.Drunk, inOctober, true, 2.5, true, "JD-1"));
        facts.Enforcements.Add(new EnforcementAction(2, 7, "ENF-7-2", EnforcementCodes.Parking, inOctober, false, null, true));
        facts.Enforcements.Add(new EnforcementAction(3, 7, "ENF-7-3", EnforcementCodes.Parking, October.EndInstant, true, 1, false));
        facts.Cases.Add(Case.Accept(1, 7, "CASE-7-1", CaseKinds.Admin, inOctober));
        facts.Attendance.Add(new AttendanceDay(1, 7, "ATT-7-1", new DateOnly(2026, 10, 9), AttendanceStatuses.Late, 15));
        facts.Shifts.Add(new Shift(1, 7, "SHF-7-1", "window", inOctober, 8, true, false));
        facts.Shifts.Add(new Shift(2, 7, "SHF-7-2", "window", inOctober.AddDays(1), 8.5, true, false));
        var dismissed = new DisciplineIncident(2, 7, "INC-7-2", IncidentCodes.Uniform, inOctober);
        dismissed.Dismiss("误报");
        facts.Incidents.Add(dismissed);
        facts.Incidents.Add(new DisciplineIncident(1, 7, "INC-7-1", IncidentCodes.Notice, inOctober));
        var verifiedInAugust = new Complaint(1, 7, "CMP-7-1", new DateTimeOffset(2026, 8, 20, 9, 0, 0, Plus8));
        verifiedInAugust.Verify("属实");
        var verifiedInOctober = new Complaint(2, 7, "CMP-7-2", inOctober);
        verifiedInOctober.Verify("属实");
        facts.Complaints.Add(verifiedInAugust);
        facts.Complaints.Add(verifiedInOctober);
        facts.Complaints.Add(new Complaint(3, 7, "CMP-7-3", new DateTimeOffset(2026, 6, 1, 9, 0, 0, Plus8)));
        facts.Complaints.Add(new Complaint(4, 7, "CMP-7-4", inOctober));
        facts.Commendations.Add(new Commendation(1, 7, "COM-7-1", CommendationLevels.Award, inOctober));
        facts.Indicators.Add(ImportedIndicator.ForOfficer(1, "IND-7-1", 7, October, "window_satisfaction", 0.95, inOctober));
        facts.Indicators.Add(ImportedIndicator.ForOfficer(2, "IND-7-2", 7, October.Previous, "window_satisfaction", 0.5, inOctober));
        facts.Adjustments.Add(new ManualAdjustment(1, "ADJ-1", 7, October, "bodycam_coverage", 3, "设备故障", "督察 张", inOctober));
        return facts;
    }

    [Fact]
    public void Projects_facts_of_the_period_into_the_rule_input()
    {
        var month = OfficerMonthProjection.Project(FactsOfOneOfficer(), new OfficerPlacement("B01-S01", "B01", "J000002"), October);

        month.Id.Should().Be("F000007");
        month.Kind.Should().Be("辅警");
        month.PostType.Should().Be("window");
        month.SupervisorId.Should().Be("J000002");
        month.Enforcements.Should().HaveCount(2, "the third happened at the exclusive end");
        month.Enforcements[0].Code.Should().Be("drunk");
        month.Enforcements[0].At.Should().Be(new DateTime(2026, 10, 10, 9, 0, 0));
        month.Enforcements[1].UploadDelayHours.Should().Be(0);
        month.Cases.Should().ContainSingle().Which.DeadlineAt.Should().Be(new DateTime(2026, 10, 25, 9, 0, 0));
        month.Attendance.Should().ContainSingle().Which.Day.Should().Be(new DateTime(2026, 10, 9));
        month.DutyHours.Should().Be(16.5);
        month.Incidents.Should().ContainSingle().Which.Verified.Should().BeFalse("dismissed incidents are left out");
        month.Complaints.Should().HaveCount(2);
        month.Complaints90Days.Should().Be(2);
        month.UnverifiedComplaints90Days.Should().Be(1, "the June complaint is more than 90 days before the end of October");
        month.Commendations.Should().ContainSingle().Which.Level.Should().Be("award");
        month.Indicators.Should().Equal(new Dictionary<string, double> { ["window_satisfaction"] = 0.95 });
        month.Adjustments.Should().ContainSingle().Which.Points.Should().Be(3);
        month.IsAuxiliary.Should().BeTrue();
    }

    [Fact]
    public void Builds_views_straight_from_generated_facts()
    {
        var org = DemoGenerator.CreateOrganization(new DemoOptions { Seed = 5 });
        var months = DemoGenerator.StreamFacts(org).Select(org.OfficerMonthOf).ToList();
        months.Should().HaveCount(org.Officers.Count);
        months.Should().OnlyContain(m => m.Attendance.Count == 22 && m.SquadId.StartsWith(m.BrigadeId + "-S"));
        months.Where(m => m.Kind == "辅警").Should().OnlyContain(m => m.SupervisorId.StartsWith('J'));
        months.Should().Contain(m => m.IsSquadLeader);
        months.Average(m => m.Enforcements.Count).Should().BeInRange(52, 64);
        months.Average(m => m.DutyHours).Should().BeInRange(150, 200);
    }

    [Fact]
    public void The_period_view_carries_the_calendar()
    {
        var view = PeriodView.Of(October);
        view.Start.Should().Be(new DateTime(2026, 10, 1));
        view.End.Should().Be(new DateTime(2026, 11, 1));
        view.Key.Should().Be("2026-10");
        view.Quarter.Should().Be(4);
        view.WorkingDays.Should().Be(22);
        view.IsQuarterEnd.Should().BeFalse();
        PeriodView.Of(AssessmentPeriod.Month(2026, 12)).IsQuarterEnd.Should().BeTrue();
        PeriodView.Of(AssessmentPeriod.Parse("2026-Q4")).IsQuarterEnd.Should().BeTrue();
    }

    [Theory]
    [InlineData(typeof(OfficerMonth), "Kind", typeof(string))]
    [InlineData(typeof(OfficerMonth), "PostType", typeof(string))]
    [InlineData(typeof(OfficerMonth), "SquadId", typeof(string))]
    [InlineData(typeof(OfficerMonth), "IsSquadLeader", typeof(bool))]
    [InlineData(typeof(OfficerMonth), "DutyHours", typeof(double))]
    [InlineData(typeof(OfficerMonth), "Enforcements", typeof(List<EnforcementView>))]
    [InlineData(typeof(OfficerMonth), "Cases", typeof(List<CaseView>))]
    [InlineData(typeof(OfficerMonth), "Attendance", typeof(List<AttendanceView>))]
    [InlineData(typeof(OfficerMonth), "Incidents", typeof(List<IncidentView>))]
    [InlineData(typeof(OfficerMonth), "Complaints", typeof(List<ComplaintView>))]
    [InlineData(typeof(OfficerMonth), "Commendations", typeof(List<CommendationView>))]
    [InlineData(typeof(EnforcementView), "Code", typeof(string))]
    [InlineData(typeof(EnforcementView), "HasFootage", typeof(bool))]
    [InlineData(typeof(EnforcementView), "UploadDelayHours", typeof(double))]
    [InlineData(typeof(EnforcementView), "PenaltyIssued", typeof(bool))]
    [InlineData(typeof(CaseView), "Kind", typeof(string))]
    [InlineData(typeof(CaseView), "AcceptedAt", typeof(DateTime))]
    [InlineData(typeof(CaseView), "DeadlineAt", typeof(DateTime))]
    [InlineData(typeof(CaseView), "ClosedAt", typeof(DateTime?))]
    [InlineData(typeof(AttendanceView), "Day", typeof(DateTime))]
    [InlineData(typeof(AttendanceView), "Status", typeof(string))]
    [InlineData(typeof(IncidentView), "Code", typeof(string))]
    [InlineData(typeof(IncidentView), "Verified", typeof(bool))]
    [InlineData(typeof(ComplaintView), "Verified", typeof(bool))]
    [InlineData(typeof(CommendationView), "Level", typeof(string))]
    [InlineData(typeof(PeriodView), "Start", typeof(DateTime))]
    [InlineData(typeof(PeriodView), "End", typeof(DateTime))]
    public void Views_have_the_members_the_benchmark_workload_reads(Type type, string member, Type memberType)
    {
        type.GetProperty(member).Should().NotBeNull().And.Subject.As<System.Reflection.PropertyInfo>().PropertyType.Should().Be(memberType);
    }
}
