using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Rules;

namespace AssessmentEngine.Web.Tests.Schemes;

public class AuxiliaryMonthlySchemeTests
{
    private static readonly CompiledWorkflow Scheme = ShippedSchemeFiles.Compile("auxiliary-monthly.json");

    [Fact]
    public void An_auxiliary_who_fines_a_speeding_driver_on_their_own_loses_five_points_and_is_not_scored_on_cases()
    {
        var enforcements = October2026.RecordedEnforcements(18, 1).ToList();
        enforcements.Add(new EnforcementView { Id = 19, Code = "parking", At = October2026.Day(7), HasFootage = true, UploadDelayHours = 1, PenaltyIssued = true });
        enforcements.Add(new EnforcementView { Id = 20, Code = "speeding", At = October2026.Day(9), HasFootage = true, UploadDelayHours = 1, PenaltyIssued = true });
        var auxiliary = new OfficerMonth
        {
            Id = "F20001",
            Name = "李辅警",
            Kind = "辅警",
            PostType = "road",
            SquadId = "S1",
            BrigadeId = "B1",
            SupervisorId = "110001",
            Attendance = October2026.Attendance(),
            Shifts = October2026.SignedInShifts(),
            Enforcements = enforcements,
            Incidents = [new IncidentView { Id = 801, Code = "uniform", At = October2026.Day(14), Verified = true }],
            Cases = [new CaseView { Id = 502, Kind = "admin", AcceptedAt = new DateTime(2026, 9, 1), DeadlineAt = new DateTime(2026, 9, 16) }],
        };

        var card = Scheme.Score(October2026.Context, auxiliary, October2026.Period);

        // FullAttendance      +3 (22 days present, every shift signed in)
        // UniformBreach       −1 × 1                                   = −1
        // IndependentPenalty  −5 × 1 (E20 speeding; the parking ticket E19 is within an auxiliary's powers) = −5
        // The open case past its deadline is not an auxiliary's to answer for: no case rule.
        // 100 + 3 − 1 − 5 = 97
        card.FiredRules.Select(r => (r.RuleName, r.Points)).Should().Equal(("FullAttendance", 3m), ("UniformBreach", -1m), ("IndependentPenalty", -5m));
        card.FiredRules.Single(r => r.RuleName == "IndependentPenalty").EvidenceIds.Should().Equal("20");
        card.Total.Should().Be(97m);
        card.Grade.Should().Be("优秀");
        card.Outcomes.Should().Equal("Warning");
    }

    [Fact]
    public void Penalties_beyond_an_auxiliarys_powers_cost_at_most_twenty_points_in_a_month()
    {
        var auxiliary = new OfficerMonth
        {
            Id = "F20002",
            Kind = "辅警",
            Attendance = October2026.Attendance(),
            Shifts = October2026.SignedInShifts(),
            Enforcements = [.. Enumerable.Range(1, 6).Select(n => new EnforcementView { Id = n, Code = "helmet", At = October2026.Day(n), HasFootage = true, UploadDelayHours = 1, PenaltyIssued = true })],
        };

        var card = Scheme.Score(October2026.Context, auxiliary, October2026.Period);

        // FullAttendance +3; IndependentPenalty −5 × 6 = −30, rule cap 20 → −20: 100 + 3 − 20 = 83
        card.FiredRules.Single(r => r.RuleName == "IndependentPenalty").Should().Match<FiredRule>(r => r.RawPoints == -30m && r.Points == -20m);
        card.Total.Should().Be(83m);
    }
}
