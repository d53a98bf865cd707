using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Tests.Evaluation;

public class OutcomeSubjectProjectionTests
{
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);

    private static PastMonth Past(int year, int month, double score, InterviewLevel? level = null) =>
        new(AssessmentPeriod.Month(year, month), score, score < 80 ? "不合格" : "合格", false, 5, false, score < 80, level);

    [Fact]
    public void History_is_the_twelve_previous_months_most_recent_first()
    {
        PastMonth[] history =
        [
            Past(2026, 8, 78),
            Past(2026, 9, 75, InterviewLevel.Squad),
            Past(2025, 10, 90),
            Past(2025, 9, 60),
            Past(2026, 10, 99),
            Past(2026, 11, 99),
        ];

        var months = OutcomeSubjectProjection.History(October, history);

        months.Select(m => m.PeriodKey).Should().Equal("2026-09", "2026-08", "2025-10");
        months[0].InterviewLevel.Should().Be("squad");
        months[0].HadWarning.Should().BeTrue();
        months[1].InterviewLevel.Should().BeEmpty();
    }

    [Fact]
    public void An_officer_subject_carries_the_result_and_its_standing()
    {
        var result = new OfficerResult(
            Guid.CreateVersion7(), 7, "J000007", PersonnelKind.Officer, PostType.Road, 3, 76, "不合格", Standing.Of(30, 30), false, [], []);

        var subject = OutcomeSubjectProjection.ForOfficer(result, "王伟", October, 1, 0, [Past(2026, 9, 75)]);

        subject.Kind.Should().Be("officer");
        subject.Id.Should().Be("J000007");
        subject.Percentile.Should().Be(0);
        subject.PeerGroupSize.Should().Be(30);
        subject.OverdueCases.Should().Be(1);
        subject.History.Should().ContainSingle().Which.Score.Should().Be(75);
    }

    [Fact]
    public void A_squad_subject_carries_its_rank_in_the_brigade()
    {
        var result = new SquadResult(Guid.CreateVersion7(), 3, 2, 88, 88, "良好", Standing.Of(4, 12), false, [], []);
        var subject = OutcomeSubjectProjection.ForSquad(result, "B01-S01", "一中队", October, 2, 0, 1, []);
        subject.Kind.Should().Be("squad");
        subject.BrigadeRankOfSquad.Should().Be(2);
        subject.VerifiedComplaints.Should().Be(1);
        subject.History.Should().BeEmpty();
    }
}
