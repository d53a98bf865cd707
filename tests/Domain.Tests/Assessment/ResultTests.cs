using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Organization;

namespace AssessmentEngine.Domain.Tests.Assessment;

public class ResultTests
{
    [Theory]
    [InlineData(1, 10, 100.0)]
    [InlineData(10, 10, 0.0)]
    [InlineData(1, 1, 100.0)]
    [InlineData(3, 5, 50.0)]
    public void Percentile_is_100_for_the_best(int rank, int size, double percentile)
    {
        Standing.Of(rank, size).Percentile.Should().Be(percentile);
    }

    [Fact]
    public void A_rank_outside_the_peer_group_is_refused()
    {
        FluentActions.Invoking(() => Standing.Of(11, 10)).Should().Throw<DomainException>().WithMessage("Rank 11 is not within a peer group of 10.");
    }

    [Fact]
    public void An_officer_result_keeps_its_lines_read_only()
    {
        var runId = Guid.CreateVersion7();
        var line = new RuleLine("late", "迟到早退", "attendance", -2, "{\"count\":2}", [101, 102]);
        var result = new OfficerResult(
            runId, 7, "J000007", PersonnelKind.Officer, PostType.Road, 3, 98, "优秀", Standing.Of(2, 30), false,
            [new CategorySubtotal("attendance", -2)], [line]);

        result.RunId.Should().Be(runId);
        result.Score.Should().Be(98);
        result.Rank.Should().Be(2);
        result.Lines.Should().ContainSingle().Which.EvidenceIds.Should().Equal(101, 102);
        result.Lines.Should().BeAssignableTo<IReadOnlyCollection<RuleLine>>();
        typeof(OfficerResult).GetProperties().Should().OnlyContain(p => p.SetMethod == null || !p.SetMethod.IsPublic);
        typeof(SquadResult).GetProperties().Should().OnlyContain(p => p.SetMethod == null || !p.SetMethod.IsPublic);
    }

    [Fact]
    public void A_result_needs_a_finite_score()
    {
        FluentActions.Invoking(() => new SquadResult(Guid.CreateVersion7(), 3, 2, double.NaN, 90, "良好", Standing.Of(1, 4), false, [], []))
            .Should().Throw<DomainException>().WithMessage("Squad 3 has no finite score.");
    }
}
