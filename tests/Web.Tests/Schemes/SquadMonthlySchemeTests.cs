using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Rules;

namespace AssessmentEngine.Web.Tests.Schemes;

public class SquadMonthlySchemeTests
{
    private static readonly CompiledWorkflow Scheme = ShippedSchemeFiles.Compile("squad-monthly.json");

    [Fact]
    public void A_large_squad_pays_for_overdue_cases_and_complaints_per_ten_members_so_size_alone_does_not_sink_it()
    {
        var squad = new SquadMonth { Id = "S2", Name = "二中队", BrigadeId = "B1", MemberCount = 40, AverageScore = 92, OverdueCases = 8, VerifiedComplaints = 4 };

        var card = Scheme.Score(October2026.Context, squad, October2026.Period);

        // AverageScore        +92
        // OverdueCases        −2 × 8 × 10/40 = −4
        // VerifiedComplaints  −3 × 4 × 10/40 = −3
        // 92 − 4 − 3 = 85 → 合格
        card.FiredRules.Select(r => (r.RuleName, r.Points)).Should().Equal(("AverageScore", 92m), ("OverdueCases", -4m), ("VerifiedComplaints", -3m));
        card.Total.Should().Be(85m);
        card.Grade.Should().Be("合格");
    }

    [Fact]
    public void A_squad_starts_from_its_members_average_and_loses_points_for_overdue_cases_complaints_and_vetoes()
    {
        var squad = new SquadMonth
        {
            Id = "S1",
            Name = "一中队",
            BrigadeId = "B1",
            MemberCount = 5,
            AverageScore = 86.4,
            MinScore = 0,
            OverdueCases = 1,
            VerifiedComplaints = 2,
            VetoCount = 1,
            Members =
            [
                new MemberScoreView { OfficerId = "110001", Kind = "民警", Score = 98, Grade = "优秀" },
                new MemberScoreView { OfficerId = "110002", Kind = "民警", Score = 0, Grade = "不合格", Vetoed = true },
            ],
        };

        var card = Scheme.Score(October2026.Context, squad, October2026.Period);

        // AverageScore        +86.4 (base score 0)
        // OverdueCases        −2 × 1 = −2
        // VerifiedComplaints  −3 × 2 = −6
        // MemberVetoes        −5 × 1 = −5
        // 0 + 86.4 − 2 − 6 − 5 = 73.4 → 不合格
        card.FiredRules.Select(r => (r.RuleName, r.Points)).Should().Equal(("AverageScore", 86.4m), ("OverdueCases", -2m), ("VerifiedComplaints", -6m), ("MemberVetoes", -5m));
        card.Total.Should().Be(73.4m);
        card.Grade.Should().Be("不合格");
        card.Vetoed.Should().BeFalse("a member's veto costs the squad points; it does not void the squad's month");
    }

    [Fact]
    public void A_squad_without_members_has_no_score_to_start_from()
    {
        var card = Scheme.Score(October2026.Context, new SquadMonth { Id = "S9", BrigadeId = "B1" }, October2026.Period);

        card.FiredRules.Should().BeEmpty();
        card.Total.Should().Be(0m);
    }
}
