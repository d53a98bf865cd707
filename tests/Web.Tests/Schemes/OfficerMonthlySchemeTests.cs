using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Rules;

namespace AssessmentEngine.Web.Tests.Schemes;

public class OfficerMonthlySchemeTests
{
    private static readonly CompiledWorkflow Scheme = ShippedSchemeFiles.Compile("officer-monthly.json");

    private static ScoreCard Score(OfficerMonth officer) => Scheme.Score(October2026.Context, officer, October2026.Period);

    private static OfficerMonth Officer(
        List<AttendanceView>? attendance = null,
        List<EnforcementView>? enforcements = null,
        List<CaseView>? cases = null,
        List<IncidentView>? incidents = null,
        List<CommendationView>? commendations = null,
        List<AdjustmentView>? adjustments = null) => new()
        {
            Id = "110001",
            Name = "张警官",
            Kind = "民警",
            PostType = "road",
            SquadId = "S1",
            BrigadeId = "B1",
            Attendance = attendance ?? October2026.Attendance(),
            Shifts = October2026.SignedInShifts(),
            Enforcements = enforcements ?? [.. October2026.RecordedEnforcements(25, 1)],
            Cases = cases ?? [],
            Incidents = incidents ?? [],
            Commendations = commendations ?? [],
            Adjustments = adjustments ?? [],
        };

    [Fact]
    public void An_officer_late_twice_with_a_penalty_without_footage_an_overdue_case_and_a_letter_scores_90_5()
    {
        // 25 enforcements, 2 without footage (one of them with a penalty decision): coverage 23 / 25 = 92 %.
        var enforcements = October2026.RecordedEnforcements(23, 1).ToList();
        enforcements.Add(new EnforcementView { Id = 24, Code = "speeding", At = October2026.Day(5), HasFootage = false, PenaltyIssued = true });
        enforcements.Add(new EnforcementView { Id = 25, Code = "parking", At = October2026.Day(6), HasFootage = false });
        var officer = Officer(
            attendance: October2026.Attendance(day => day is 3 or 17 ? ("late", 10) : null),
            enforcements: enforcements,
            cases:
            [
                new CaseView { Id = 501, Kind = "admin", AcceptedAt = new DateTime(2026, 10, 2), DeadlineAt = new DateTime(2026, 10, 17), ClosedAt = null },
                new CaseView { Id = 502, Kind = "admin", AcceptedAt = new DateTime(2026, 10, 3), DeadlineAt = new DateTime(2026, 10, 18), ClosedAt = new DateTime(2026, 10, 10) },
            ],
            commendations: [new CommendationView { Id = 901, Level = "letter", At = October2026.Day(20) }]);

        var card = Score(officer);

        // LateOrEarlyLeave        −1 × 2 late days (10 min each)      = −2
        // BodycamCoverageBelow95  −0.5 × (95 − 92.0) points short     = −1.5
        // PenaltyWithoutFootage   −5 × 1 (E24), and a warning          = −5
        // OverdueCase             −3 × 1 (case 501, open past 17 Oct)  = −3
        // CommendationLetter      +2 × 1                               = +2
        // FullAttendance does not fire (two late days).
        // 100 − 2 − 1.5 − 5 − 3 + 2 = 90.5 → 优秀
        card.FiredRules.Select(r => (r.RuleName, r.Points)).Should().Equal(
            ("LateOrEarlyLeave", -2m), ("BodycamCoverageBelow95", -1.5m), ("PenaltyWithoutFootage", -5m), ("OverdueCase", -3m), ("CommendationLetter", 2m));
        card.Total.Should().Be(90.5m);
        card.Grade.Should().Be("优秀");
        card.Vetoed.Should().BeFalse();
        card.Outcomes.Should().Equal("Warning");

        var byName = card.FiredRules.ToDictionary(r => r.RuleName);
        byName["LateOrEarlyLeave"].EvidenceIds.Should().Equal("3", "17");
        byName["BodycamCoverageBelow95"].Parameters.Should().Equal(new ParameterValue("enforcementCount", 25), new ParameterValue("footageCount", 23), new ParameterValue("bodycamCoverage", 92.0));
        byName["BodycamCoverageBelow95"].EvidenceIds.Should().Equal("24", "25");
        byName["PenaltyWithoutFootage"].EvidenceIds.Should().Equal("24");
        byName["OverdueCase"].EvidenceIds.Should().Equal("501");
        byName["CommendationLetter"].Title.Should().Be("获群众锦旗、感谢信，每次加2分");
    }

    [Fact]
    public void Caps_hold_bodycam_late_uploads_drink_driving_bonuses_and_commendations_to_their_limits()
    {
        // 20 enforcements, 14 with footage (70 %): 7 drink-driving cases with footage, 7 uploads after 30 h, 6 without footage.
        var enforcements = new List<EnforcementView>();
        enforcements.AddRange(Enumerable.Range(1, 4).Select(n => new EnforcementView { Id = n, Code = "drunk", At = October2026.Day(n), HasFootage = true, UploadDelayHours = 2, PenaltyIssued = true }));
        enforcements.AddRange(Enumerable.Range(5, 3).Select(n => new EnforcementView { Id = n, Code = "drunk_severe", At = October2026.Day(n), HasFootage = true, UploadDelayHours = 2, PenaltyIssued = true }));
        enforcements.AddRange(Enumerable.Range(8, 7).Select(n => new EnforcementView { Id = n, Code = "parking", At = October2026.Day(n), HasFootage = true, UploadDelayHours = 30 }));
        enforcements.AddRange(Enumerable.Range(15, 6).Select(n => new EnforcementView { Id = n, Code = "helmet", At = October2026.Day(n), HasFootage = false }));
        var officer = Officer(
            enforcements: enforcements,
            commendations:
            [
                new CommendationView { Id = 901, Level = "merit3", At = October2026.Day(8) },
                new CommendationView { Id = 902, Level = "award", At = October2026.Day(9) },
                new CommendationView { Id = 903, Level = "notice", At = October2026.Day(10) },
            ]);

        var card = Score(officer);

        // FullAttendance          all 22 days present, every shift signed in            = +3
        // BodycamCoverageBelow95  −0.5 × (95 − 70) = −12.5, rule cap 10                  = −10
        // LateFootageUpload       −1 × 7 = −7, rule cap 5                                = −5
        // DrinkDrivingHandled     4 × 1 + 3 × 3 = +13, rule cap 10                       = +10
        // Commendations           +10 (merit3) + 5 (award) + 3 (notice) = 18, category cap 15 → +15
        // 100 + 3 − 10 − 5 + 10 + 15 = 113
        card.FiredRules.Select(r => (r.RuleName, r.RawPoints, r.Points)).Should().Equal(
            ("FullAttendance", 3m, 3m),
            ("BodycamCoverageBelow95", -12.5m, -10m),
            ("LateFootageUpload", -7m, -5m),
            ("DrinkDrivingHandled", 13m, 10m),
            ("CommendationNotice", 3m, 3m),
            ("CommendationAward", 5m, 5m),
            ("CommendationMerit", 10m, 10m));
        card.Categories.Single(c => c.Name == "commendation").Should().Match<CategoryScore>(c => c.Raw == 18m && c.Capped == 15m);
        card.Categories.Single(c => c.Name == "bodycam").Capped.Should().Be(-15m);
        card.Total.Should().Be(113m);
    }

    [Fact]
    public void Breaking_the_drinking_ban_voids_the_month_and_proposes_a_committee_interview()
    {
        var officer = Officer(incidents: [new IncidentView { Id = 701, Code = "drinking", At = October2026.Day(12), Verified = true }]);

        var card = Score(officer);

        card.Vetoed.Should().BeTrue();
        card.Total.Should().Be(0m);
        card.Grade.Should().Be("不合格");
        card.Outcomes.Should().Equal("Interview:Committee");
        card.FiredRules.Single(r => r.RuleName == "DrinkingBanBreach").EvidenceIds.Should().Equal("701");
    }

    [Fact]
    public void Three_inspection_notices_void_the_month_and_each_also_counts_three_points()
    {
        var officer = Officer(incidents: [.. Enumerable.Range(1, 3).Select(n => new IncidentView { Id = 700 + n, Code = "notice", At = October2026.Day(n * 5), Verified = true })]);

        var card = Score(officer);

        card.FiredRules.Select(r => (r.RuleName, r.Points)).Should().Equal(("FullAttendance", 3m), ("InspectionNotice", -9m), ("ThreeInspectionNotices", 0m));
        card.Vetoed.Should().BeTrue();
        card.Total.Should().Be(0m);
    }

    [Fact]
    public void A_full_day_of_absence_voids_the_month_while_a_late_arrival_of_half_an_hour_costs_two_points()
    {
        var absent = Score(Officer(attendance: October2026.Attendance(day => day == 8 ? ("absent", 0) : null)));
        var halfDay = Score(Officer(attendance: October2026.Attendance(day => day == 8 ? ("late", 45) : null)));

        absent.Vetoed.Should().BeTrue();
        absent.FiredRules.Single(r => r.RuleName == "AbsentFullDay").EvidenceIds.Should().Equal("8");
        // UnexcusedAbsence −2 × 1; no full attendance: 100 − 2 = 98
        halfDay.FiredRules.Select(r => (r.RuleName, r.Points)).Should().Equal(("UnexcusedAbsence", -2m));
        halfDay.Total.Should().Be(98m);
    }

    [Fact]
    public void An_upheld_appeal_adds_its_points_back_and_names_the_adjustment()
    {
        var officer = Officer(
            attendance: October2026.Attendance(day => day == 4 ? ("early", 0) : null),
            adjustments: [new AdjustmentView { Id = 3001, RuleName = "LateOrEarlyLeave", Points = 1, Reason = "早退系出警，申诉成立" }]);

        var card = Score(officer);

        // LateOrEarlyLeave −1, UpheldAppealAdjustment +1: 100 − 1 + 1 = 100
        card.FiredRules.Select(r => (r.RuleName, r.Points)).Should().Equal(("LateOrEarlyLeave", -1m), ("UpheldAppealAdjustment", 1m));
        card.FiredRules[1].EvidenceIds.Should().Equal("3001");
        card.Total.Should().Be(100m);
    }

    [Fact]
    public void A_case_closed_late_in_an_earlier_month_is_not_counted_again()
    {
        var officer = Officer(cases: [new CaseView { Id = 601, Kind = "admin", AcceptedAt = new DateTime(2026, 8, 20), DeadlineAt = new DateTime(2026, 9, 4), ClosedAt = new DateTime(2026, 9, 20) }]);

        Score(officer).FiredRules.Should().NotContain(r => r.RuleName == "OverdueCase");
    }
}
