using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;

namespace AssessmentEngine.Domain.Tests.Assessment;

public class OutcomeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid RunId = Guid.CreateVersion7();

    private static Outcome ProposedInterview() =>
        Outcome.Propose(RunId, OutcomeKind.Interview, SubjectKind.Officer, 7, "两个月低于80分", Now, InterviewLevel.Squad);

    private static Outcome ApprovedInterview()
    {
        var o = ProposedInterview();
        o.Approve("大队长", Now.AddHours(1));
        return o;
    }

    [Fact]
    public void A_proposal_can_be_approved()
    {
        var o = ProposedInterview();
        o.Status.Should().Be(OutcomeStatus.Proposed);
        o.Approve("大队长", Now.AddHours(1));
        o.Status.Should().Be(OutcomeStatus.Approved);
        o.ReviewedBy.Should().Be("大队长");
    }

    [Fact]
    public void A_proposal_can_be_rejected_with_a_reason()
    {
        var o = Outcome.Propose(RunId, OutcomeKind.ExcellentOfficer, SubjectKind.Officer, 7, "前10%", Now);
        o.Reject("政委", "本月有投诉在查", Now.AddHours(1));
        o.Status.Should().Be(OutcomeStatus.Rejected);
        o.RejectionReason.Should().Be("本月有投诉在查");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Rejecting_without_a_reason_is_refused(string reason)
    {
        var o = ProposedInterview();
        o.Invoking(x => x.Reject("政委", reason, Now)).Should().Throw<DomainException>().WithMessage("A reason to reject an outcome is required.");
        o.Status.Should().Be(OutcomeStatus.Proposed);
    }

    [Fact]
    public void A_decided_outcome_cannot_be_decided_again()
    {
        var approved = ApprovedInterview();
        approved.Invoking(x => x.Approve("x", Now)).Should().Throw<DomainException>().WithMessage("Outcome * is Approved and cannot be approved; it must be Proposed.");
        approved.Invoking(x => x.Reject("x", "y", Now)).Should().Throw<DomainException>().WithMessage("Outcome * is Approved and cannot be rejected; it must be Proposed.");
        var rejected = ProposedInterview();
        rejected.Reject("x", "y", Now);
        rejected.Invoking(x => x.Approve("x", Now)).Should().Throw<DomainException>().WithMessage("Outcome * is Rejected and cannot be approved*");
        rejected.Invoking(x => x.Schedule("x", Now, InterviewLevel.Squad)).Should().Throw<DomainException>().WithMessage("Outcome * is Rejected and cannot be scheduled; it must be Approved.");
    }

    [Fact]
    public void An_approved_interview_is_scheduled_and_held()
    {
        var o = ApprovedInterview();
        o.Schedule("督察大队 李", Now.AddDays(2), InterviewLevel.Department);
        o.Status.Should().Be(OutcomeStatus.Scheduled);
        o.Level.Should().Be(InterviewLevel.Department);
        o.Interviewer.Should().Be("督察大队 李");
        o.Hold(Now.AddDays(2), "已谈话，本人表示整改");
        o.Status.Should().Be(OutcomeStatus.Held);
        o.Notes.Should().Be("已谈话，本人表示整改");
    }

    [Fact]
    public void A_proposed_interview_cannot_be_scheduled_or_held()
    {
        var o = ProposedInterview();
        o.Invoking(x => x.Schedule("李", Now, InterviewLevel.Squad)).Should().Throw<DomainException>().WithMessage("Outcome * is Proposed and cannot be scheduled; it must be Approved.");
        o.Invoking(x => x.Hold(Now, "notes")).Should().Throw<DomainException>().WithMessage("Outcome * is Proposed and cannot be held; it must be Scheduled.");
    }

    [Fact]
    public void Holding_needs_notes()
    {
        var o = ApprovedInterview();
        o.Schedule("李", Now.AddDays(1), InterviewLevel.Squad);
        o.Invoking(x => x.Hold(Now.AddDays(1), " ")).Should().Throw<DomainException>().WithMessage("Notes of an interview is required.");
        o.Hold(Now.AddDays(1), "谈话记录");
        o.Invoking(x => x.Hold(Now.AddDays(1), "again")).Should().Throw<DomainException>().WithMessage("Outcome * is Held and cannot be held; it must be Scheduled.");
    }

    [Fact]
    public void Scheduling_before_approval_time_is_refused()
    {
        var o = ApprovedInterview();
        o.Invoking(x => x.Schedule("李", Now.AddDays(-1), InterviewLevel.Squad))
            .Should().Throw<DomainException>().WithMessage("An interview cannot be scheduled for *, before it was approved at *.");
    }

    [Fact]
    public void Only_an_interview_is_scheduled()
    {
        var warning = Outcome.Propose(RunId, OutcomeKind.Warning, SubjectKind.Officer, 7, "无录像处罚", Now);
        warning.Approve("x", Now);
        warning.Invoking(x => x.Schedule("李", Now, InterviewLevel.Squad)).Should().Throw<DomainException>().WithMessage("Only an interview can be scheduled; this outcome is a Warning.");
    }

    [Fact]
    public void Proposals_must_fit_their_subject_and_level()
    {
        FluentActions.Invoking(() => Outcome.Propose(RunId, OutcomeKind.ExcellentOfficer, SubjectKind.Squad, 3, "r", Now))
            .Should().Throw<DomainException>().WithMessage("优秀民警 (excellent officer) is awarded to an officer, not to a squad.");
        FluentActions.Invoking(() => Outcome.Propose(RunId, OutcomeKind.AdvancedSquad, SubjectKind.Officer, 3, "r", Now))
            .Should().Throw<DomainException>().WithMessage("先进中队 (advanced squad) is awarded to a squad, not to an officer.");
        FluentActions.Invoking(() => Outcome.Propose(RunId, OutcomeKind.Interview, SubjectKind.Squad, 3, "r", Now))
            .Should().Throw<DomainException>().WithMessage("An interview needs a level: squad, department or committee.");
        FluentActions.Invoking(() => Outcome.Propose(RunId, OutcomeKind.Warning, SubjectKind.Officer, 3, "r", Now, InterviewLevel.Squad))
            .Should().Throw<DomainException>().WithMessage("Only an interview has a level; a Warning does not.");
        FluentActions.Invoking(() => Outcome.Propose(RunId, OutcomeKind.Warning, SubjectKind.Officer, 3, " ", Now))
            .Should().Throw<DomainException>().WithMessage("The reason of an outcome is required.");
    }
}
