using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Tests.Evaluation;

public class SquadMonthProjectionTests
{
    private static readonly PeriodView October = PeriodView.Of(AssessmentPeriod.Month(2026, 10));

    private static CaseView Case(DateTime deadline, DateTime? closed) =>
        new() { Kind = "admin", AcceptedAt = deadline.AddDays(-15), DeadlineAt = deadline, ClosedAt = closed };

    [Theory]
    [InlineData("2026-10-20", null, true)]
    [InlineData("2026-10-20", "2026-11-03", true)]
    [InlineData("2026-10-20", "2026-10-25", true)]
    [InlineData("2026-10-20", "2026-10-19", false)]
    [InlineData("2026-11-05", null, false)]
    [InlineData("2026-09-10", "2026-09-20", false)]
    [InlineData("2026-09-10", null, true)]
    public void Overdue_in_the_period(string deadline, string? closed, bool overdue)
    {
        var c = Case(DateTime.Parse(deadline), closed is null ? null : DateTime.Parse(closed));
        OverdueCase.In(c, October.Start, October.End).Should().Be(overdue);
    }

    [Fact]
    public void Aggregates_members()
    {
        var leader = new OfficerMonth { Id = "J000001", Kind = "民警", IsSquadLeader = true, Cases = [Case(new DateTime(2026, 10, 20), null)] };
        var officer = new OfficerMonth { Id = "J000002", Kind = "民警", Complaints = [new ComplaintView { Verified = true }, new ComplaintView { Verified = false }] };
        var auxiliary = new OfficerMonth { Id = "F000003", Kind = "辅警" };
        SquadMember[] members =
        [
            new(leader, 92, "优秀", false, false),
            new(officer, 70, "不合格", false, true),
            new(auxiliary, 0, "不合格", true, false),
        ];

        var squad = SquadMonthProjection.Project("B01-S01", "一中队", "B01", October, members);

        squad.MemberCount.Should().Be(3);
        squad.AverageScore.Should().BeApproximately(54, 1e-9);
        squad.MinScore.Should().Be(0);
        squad.OverdueCases.Should().Be(1);
        squad.VerifiedComplaints.Should().Be(1);
        squad.VetoCount.Should().Be(1);
        squad.WarningCount.Should().Be(1);
        squad.LeaderId.Should().Be("J000001");
        squad.Members.Select(m => m.OfficerId).Should().Equal("J000001", "J000002", "F000003");
    }

    [Fact]
    public void An_empty_squad_has_zero_scores()
    {
        var squad = SquadMonthProjection.Project("B01-S02", "二中队", "B01", October, []);
        squad.MemberCount.Should().Be(0);
        squad.AverageScore.Should().Be(0);
        squad.LeaderId.Should().BeEmpty();
    }
}
