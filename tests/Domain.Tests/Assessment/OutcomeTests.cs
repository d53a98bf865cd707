using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;

namespace AssessmentEngine.Domain.Tests.Assessment;

public class OutcomeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid RunId = Guid.CreateVersion7();
    private static readonly Guid AssessmentId = Guid.CreateVersion7();

    private static Outcome ProposedInterview() =>
        Outcome.Propose(AssessmentId, RunId, OutcomeKind.Interview, SubjectKind.Officer, 7, "两个月低于80分", Now, InterviewLevel.Squad);

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
        var o = Outcome.Propose(AssessmentId, RunId, OutcomeKind.ExcellentOfficer, SubjectKind.Officer, 7, "前10%", Now);
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
        rejected.Invoking(x => x.Schedule("x", Now, InterviewLevel.Squad, "大队长", Now)).Should().Throw<DomainException>().WithMessage("Outcome * is Rejected and cannot be scheduled; it must be Approved.");
    }

    [Fact]
    public void An_approved_interview_is_scheduled_and_held()
    {
        var o = ApprovedInterview();
        o.Schedule("督察大队 李", Now.AddDays(2), InterviewLevel.Department, "大队长", Now);
        o.Status.Should().Be(OutcomeStatus.Scheduled);
        o.ScheduledLevel.Should().Be(InterviewLevel.Department);
        o.Interviewer.Should().Be("督察大队 李");
        o.Hold(Now.AddDays(2), "已谈话，本人表示整改", "大队长", Now.AddDays(5));
        o.Status.Should().Be(OutcomeStatus.Held);
        o.Notes.Should().Be("已谈话，本人表示整改");
    }

    [Fact]
    public void A_proposed_interview_cannot_be_scheduled_or_held()
    {
        var o = ProposedInterview();
        o.Invoking(x => x.Schedule("李", Now, InterviewLevel.Squad, "大队长", Now)).Should().Throw<DomainException>().WithMessage("Outcome * is Proposed and cannot be scheduled; it must be Approved.");
        o.Invoking(x => x.Hold(Now, "notes", "大队长", Now.AddDays(5))).Should().Throw<DomainException>().WithMessage("Outcome * is Proposed and cannot be held; it must be Scheduled.");
    }

    [Fact]
    public void Holding_needs_notes()
    {
        var o = ApprovedInterview();
        o.Schedule("李", Now.AddDays(1), InterviewLevel.Squad, "大队长", Now);
        o.Invoking(x => x.Hold(Now.AddDays(1), " ", "大队长", Now.AddDays(5))).Should().Throw<DomainException>().WithMessage("Notes of an interview is required.");
        o.Hold(Now.AddDays(1), "谈话记录", "大队长", Now.AddDays(5));
        o.Invoking(x => x.Hold(Now.AddDays(1), "again", "大队长", Now.AddDays(5))).Should().Throw<DomainException>().WithMessage("Outcome * is Held and cannot be held; it must be Scheduled.");
    }

    [Fact]
    public void An_interview_cannot_be_scheduled_in_the_past()
    {
        var o = ApprovedInterview();
        o.Invoking(x => x.Schedule("李", Now.AddDays(-1), InterviewLevel.Squad, "大队长", Now))
            .Should().Throw<DomainException>().WithMessage("An interview cannot be scheduled for 2026-11-01 01:00:00Z, which is in the past (now 2026-11-02 01:00:00Z).");
        o.Status.Should().Be(OutcomeStatus.Approved);
    }

    [Fact]
    public void An_interview_cannot_be_recorded_as_held_in_the_future()
    {
        var o = ApprovedInterview();
        o.Schedule("李", Now.AddDays(1), InterviewLevel.Squad, "大队长", Now);
        o.Invoking(x => x.Hold(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), "谈话记录", "大队长", Now.AddDays(1)))
            .Should().Throw<DomainException>().WithMessage("An interview cannot be recorded as held at 2030-01-01 00:00:00Z, which is in the future (now 2026-11-03 01:00:00Z).");
        o.Status.Should().Be(OutcomeStatus.Scheduled);
        o.Hold(Now.AddDays(1), "谈话记录", "大队长", Now.AddDays(1));
        o.Status.Should().Be(OutcomeStatus.Held);
    }

    [Fact]
    public void Leadership_may_schedule_another_level_than_proposed_and_the_identity_keeps_the_proposed_one()
    {
        var o = ApprovedInterview();
        o.Schedule("督察 李", Now.AddDays(1), InterviewLevel.Department, "大队长", Now);
        o.Level.Should().Be(InterviewLevel.Squad);
        o.ScheduledLevel.Should().Be(InterviewLevel.Department);
        o.IdentityKey.Should().Be("officer:7:interview:squad");
    }

    [Fact]
    public void A_withdrawn_outcome_refuses_every_decision_with_a_conflict_naming_the_run()
    {
        var o = ProposedInterview();
        var rerun = Guid.CreateVersion7();
        o.Withdraw(rerun, Now.AddDays(1));
        o.IsLive.Should().BeFalse();
        o.Invoking(x => x.Approve("大队长", Now)).Should().Throw<DomainConflictException>().WithMessage($"Outcome * was withdrawn by run {rerun} at *; it cannot be approved.");
        o.Invoking(x => x.Reject("大队长", "r", Now)).Should().Throw<DomainConflictException>();
        o.History.Select(e => e.Action).Should().Equal("Proposed", "Withdrawn");
    }

    [Fact]
    public void Only_an_interview_is_scheduled()
    {
        var warning = Outcome.Propose(AssessmentId, RunId, OutcomeKind.Warning, SubjectKind.Officer, 7, "无录像处罚", Now);
        warning.Approve("x", Now);
        warning.Invoking(x => x.Schedule("李", Now, InterviewLevel.Squad, "大队长", Now)).Should().Throw<DomainException>().WithMessage("Only an interview can be scheduled; this outcome is a Warning.");
    }

    [Fact]
    public void Proposals_must_fit_their_subject_and_level()
    {
        FluentActions.Invoking(() => Outcome.Propose(AssessmentId, RunId, OutcomeKind.ExcellentOfficer, SubjectKind.Squad, 3, "r", Now))
            .Should().Throw<DomainException>().WithMessage("优秀民警 / 优秀辅警 (excellent officer / auxiliary) is awarded to a person, not to a squad.");
        FluentActions.Invoking(() => Outcome.Propose(AssessmentId, RunId, OutcomeKind.AdvancedSquad, SubjectKind.Officer, 3, "r", Now))
            .Should().Throw<DomainException>().WithMessage("先进中队 (advanced squad) is awarded to a squad, not to an officer.");
        FluentActions.Invoking(() => Outcome.Propose(AssessmentId, RunId, OutcomeKind.Interview, SubjectKind.Squad, 3, "r", Now))
            .Should().Throw<DomainException>().WithMessage("An interview needs a level: squad, department or committee.");
        FluentActions.Invoking(() => Outcome.Propose(AssessmentId, RunId, OutcomeKind.Warning, SubjectKind.Officer, 3, "r", Now, InterviewLevel.Squad))
            .Should().Throw<DomainException>().WithMessage("Only an interview has a level; a Warning does not.");
        FluentActions.Invoking(() => Outcome.Propose(AssessmentId, RunId, OutcomeKind.Warning, SubjectKind.Officer, 3, " ", Now))
            .Should().Throw<DomainException>().WithMessage("The reason of an outcome is required.");
    }
}
