using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;

namespace AssessmentEngine.Domain.Tests.Assessment;

public class AssessmentCodesTests
{
    [Fact]
    public void Every_interview_level_and_outcome_kind_round_trips()
    {
        foreach (var level in Enum.GetValues<InterviewLevel>())
            AssessmentCodes.ParseInterviewLevel(level.Code()).Should().Be(level);
        foreach (var kind in Enum.GetValues<OutcomeKind>())
            AssessmentCodes.ParseOutcomeKind(kind.Code()).Should().Be(kind);
        InterviewLevel.Committee.Code().Should().Be("committee");
    }

    [Fact]
    public void Unknown_codes_are_refused_with_the_vocabulary()
    {
        FluentActions.Invoking(() => AssessmentCodes.ParseInterviewLevel("brigade"))
            .Should().Throw<DomainException>().WithMessage("Unknown interview level 'brigade'; expected squad, department or committee.");
        FluentActions.Invoking(() => AssessmentCodes.ParseOutcomeKind("medal"))
            .Should().Throw<DomainException>().WithMessage("Unknown outcome 'medal'*");
    }
}
