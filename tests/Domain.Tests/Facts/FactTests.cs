using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Tests.Facts;

public class FactTests
{
    private static readonly DateTimeOffset At = new(2026, 10, 5, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void An_enforcement_without_footage_has_no_upload_delay()
    {
        var act = () => new EnforcementAction(1, 7, "ENF-7-1", EnforcementCodes.Parking, At, hasFootage: false, uploadDelayHours: 2, penaltyIssued: true);
        act.Should().Throw<DomainException>().WithMessage("Enforcement ENF-7-1 has no footage, so it has no upload delay.");
    }

    [Fact]
    public void A_decision_number_needs_a_penalty()
    {
        var act = () => new EnforcementAction(1, 7, "ENF-7-1", EnforcementCodes.Parking, At, true, 1, penaltyIssued: false, "JD-1");
        act.Should().Throw<DomainException>().WithMessage("*has a decision number but no penalty issued.");
    }

    [Fact]
    public void A_penalty_without_footage_is_flagged()
    {
        new EnforcementAction(1, 7, "ENF-7-1", EnforcementCodes.Drunk, At, false, null, true, "JD-1").IsPenaltyWithoutFootage.Should().BeTrue();
        new EnforcementAction(2, 7, "ENF-7-2", EnforcementCodes.Drunk, At, true, 1.5, true, "JD-2").IsPenaltyWithoutFootage.Should().BeFalse();
    }

    [Fact]
    public void An_external_id_is_required_for_idempotent_ingestion()
    {
        var act = () => new Commendation(1, 7, "", CommendationLevels.Letter, At);
        act.Should().Throw<DomainException>().WithMessage("External id is required.");
    }

    [Fact]
    public void Attendance_validates_status_and_minutes()
    {
        FluentActions.Invoking(() => new AttendanceDay(1, 7, "ATT-7-1", new DateOnly(2026, 10, 5), "sick"))
            .Should().Throw<DomainException>().WithMessage("Unknown attendance status 'sick'*");
        FluentActions.Invoking(() => new AttendanceDay(1, 7, "ATT-7-1", new DateOnly(2026, 10, 5), AttendanceStatuses.Present, 5))
            .Should().Throw<DomainException>().WithMessage("Attendance ATT-7-1 is 'present' and cannot have minutes late.");
        new AttendanceDay(1, 7, "ATT-7-1", new DateOnly(2026, 10, 5), AttendanceStatuses.Late, 12).MinutesLate.Should().Be(12);
    }

    [Fact]
    public void A_shift_lasts_between_zero_and_twenty_four_hours()
    {
        FluentActions.Invoking(() => new Shift(1, 7, "SHF-7-1", "road", At, 25, true, false))
            .Should().Throw<DomainException>().WithMessage("Shift SHF-7-1 lasts 25 h*");
    }

    [Fact]
    public void A_reported_incident_can_be_verified()
    {
        var incident = new DisciplineIncident(1, 7, "INC-7-1", IncidentCodes.Uniform, At);
        incident.Status.Should().Be(IncidentStatus.Reported);
        incident.Verify();
        incident.Verified.Should().BeTrue();
        incident.Invoking(i => i.Verify()).Should().Throw<DomainException>().WithMessage("Incident INC-7-1 is already verified and cannot be verified.");
        incident.Invoking(i => i.Dismiss("mistake")).Should().Throw<DomainException>().WithMessage("Incident INC-7-1 is already verified and cannot be dismissed.");
    }

    [Fact]
    public void Dismissing_an_incident_needs_a_reason()
    {
        var incident = new DisciplineIncident(1, 7, "INC-7-1", IncidentCodes.OffPost, At);
        incident.Invoking(i => i.Dismiss("  ")).Should().Throw<DomainException>().WithMessage("A reason to dismiss an incident is required.");
        incident.Dismiss("督察复核不成立");
        incident.Status.Should().Be(IncidentStatus.Dismissed);
        incident.DismissalReason.Should().Be("督察复核不成立");
        incident.Invoking(i => i.Verify()).Should().Throw<DomainException>().WithMessage("*already dismissed and cannot be verified.");
    }

    [Fact]
    public void A_complaint_is_open_until_found_verified_or_unfounded()
    {
        var verified = new Complaint(1, 7, "CMP-7-1", At);
        verified.Status.Should().Be(ComplaintStatus.Open);
        verified.Verify("经调查属实");
        verified.Verified.Should().BeTrue();
        verified.Invoking(c => c.MarkUnfounded("x")).Should().Throw<DomainException>().WithMessage("Complaint CMP-7-1 is already verified and cannot be found unfounded.");

        var unfounded = new Complaint(2, 7, "CMP-7-2", At);
        unfounded.Invoking(c => c.MarkUnfounded("")).Should().Throw<DomainException>().WithMessage("The reason a complaint is unfounded is required.");
        unfounded.MarkUnfounded("经调查不属实");
        unfounded.Verified.Should().BeFalse();
        unfounded.Invoking(c => c.Verify("x")).Should().Throw<DomainException>().WithMessage("*already unfounded and cannot be verified.");
    }

    [Fact]
    public void A_commendation_level_is_one_of_the_known_levels()
    {
        FluentActions.Invoking(() => new Commendation(1, 7, "COM-7-1", "medal", At))
            .Should().Throw<DomainException>().WithMessage("Unknown commendation level 'medal'*");
    }

    [Fact]
    public void An_indicator_is_about_an_officer_or_a_unit()
    {
        var period = AssessmentPeriod.Month(2026, 10);
        var forOfficer = ImportedIndicator.ForOfficer(1, "IND-1", 7, period, "window_satisfaction", 0.93, At);
        forOfficer.OfficerId.Should().Be(7);
        forOfficer.UnitId.Should().BeNull();
        var forUnit = ImportedIndicator.ForUnit(2, "IND-2", 3, period, "accident_rate", 1.2, At);
        forUnit.UnitId.Should().Be(3);
        forUnit.OfficerId.Should().BeNull();
        FluentActions.Invoking(() => ImportedIndicator.ForUnit(3, "IND-3", 3, period, "x", double.NaN, At))
            .Should().Throw<DomainException>().WithMessage("Indicator 'x' has no finite value.");
    }

    [Fact]
    public void A_manual_adjustment_needs_a_reason_and_an_author()
    {
        var period = AssessmentPeriod.Month(2026, 10);
        FluentActions.Invoking(() => new ManualAdjustment(0, "ADJ-1", 7, period, "bodycam", 2, " ", "督察 张", At))
            .Should().Throw<DomainException>().WithMessage("Reason of an adjustment is required.");
        FluentActions.Invoking(() => new ManualAdjustment(0, "ADJ-1", 7, period, "bodycam", 2, "设备故障", "", At))
            .Should().Throw<DomainException>().WithMessage("Author of an adjustment is required.");
        FluentActions.Invoking(() => new ManualAdjustment(0, "ADJ-1", 7, period, "bodycam", 0, "设备故障", "督察 张", At))
            .Should().Throw<DomainException>().WithMessage("*non-zero number of points.");
    }
}
