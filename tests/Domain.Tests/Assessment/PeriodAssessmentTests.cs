using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Tests.Assessment;

public class PeriodAssessmentTests
{
    private static readonly TimeSpan Plus8 = TimeSpan.FromHours(8);
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    private static readonly DateTimeOffset CutOff = new(2026, 11, 1, 2, 0, 0, Plus8);

    /// <summary>Wednesday 4 November 2026 at 10:00: the three-working-day window closes at 00:00 on Tuesday 10 November.</summary>
    private static readonly DateTimeOffset PublishedAt = new(2026, 11, 4, 10, 0, 0, Plus8);
    private static readonly DateTimeOffset InWindow = new(2026, 11, 5, 9, 0, 0, Plus8);
    private static readonly DateTimeOffset AfterWindow = new(2026, 11, 12, 0, 0, 0, Plus8);

    private static EvaluationRun CompletedRun(PeriodAssessment assessment, DateTimeOffset queuedAt)
    {
        var run = EvaluationRun.Queue(October, [new("officer-monthly", "h")], queuedAt, queuedAt, assessmentId: assessment.Id);
        run.Start("node-a", queuedAt);
        run.Complete(queuedAt.AddMinutes(1));
        return run;
    }

    private static (PeriodAssessment Assessment, EvaluationRun Run) WithCurrentRun()
    {
        var assessment = PeriodAssessment.Open(October, 1, CutOff);
        var run = CompletedRun(assessment, CutOff);
        assessment.Adopt(run, null).Should().BeTrue();
        return (assessment, run);
    }

    private static (PeriodAssessment Assessment, EvaluationRun Run) Published()
    {
        var (assessment, run) = WithCurrentRun();
        assessment.Publish(run, 0, false, PublishedAt, WorkingCalendar.WeekdaysOnly);
        return (assessment, run);
    }

    [Fact]
    public void Publishing_opens_an_appeal_window_of_three_working_days_on_the_assessment()
    {
        var (assessment, run) = Published();
        assessment.Publication.Should().Be(PublicationState.Published);
        assessment.PublishedRunId.Should().Be(run.Id);
        assessment.PublicationNumber.Should().Be(1);
        assessment.AppealWindowEndsAt.Should().Be(new DateTimeOffset(2026, 11, 10, 0, 0, 0, Plus8), "Thursday, Friday and Monday are the three working days");
        assessment.IsAppealWindowOpen(new DateTimeOffset(2026, 11, 9, 23, 59, 0, Plus8)).Should().BeTrue();
        assessment.IsAppealWindowOpen(new DateTimeOffset(2026, 11, 10, 0, 0, 0, Plus8)).Should().BeFalse();
    }

    [Fact]
    public void Publishing_with_pending_proposals_needs_a_confirmation_and_reports_how_many()
    {
        var (assessment, run) = WithCurrentRun();
        assessment.Invoking(a => a.Publish(run, 170, false, PublishedAt, WorkingCalendar.WeekdaysOnly))
            .Should().Throw<PendingProposalsException>().WithMessage("170 proposed outcome(s) of 2026-10 are still pending review; confirm to publish anyway*")
            .Which.Pending.Should().Be(170);
        assessment.Publication.Should().Be(PublicationState.Draft);

        assessment.Publish(run, 170, true, PublishedAt, WorkingCalendar.WeekdaysOnly);
        assessment.Publication.Should().Be(PublicationState.Published);
    }

    [Fact]
    public void Only_the_current_completed_run_is_published_and_run_level_blockers_are_named()
    {
        var (assessment, run) = WithCurrentRun();
        var other = CompletedRun(assessment, CutOff.AddMinutes(-30));
        assessment.PublicationBlockers(other).Should().ContainSingle().Which.Should().Contain("is not the current run of 2026-10");
        assessment.PublicationBlockers(run).Should().BeEmpty();
        assessment.Invoking(a => a.Publish(other, 0, false, PublishedAt, WorkingCalendar.WeekdaysOnly))
            .Should().Throw<DomainConflictException>().WithMessage("2026-10 cannot be published: run * is not the current run of 2026-10.");
    }

    [Fact]
    public void A_newer_run_supersedes_the_current_one_and_the_older_refuses_action_with_a_reason()
    {
        var (assessment, first) = Published();
        var second = CompletedRun(assessment, CutOff.AddDays(5));
        assessment.Adopt(second, first).Should().BeTrue();

        assessment.CurrentRunId.Should().Be(second.Id);
        assessment.HasUnpublishedChanges.Should().BeTrue();
        assessment.Invoking(a => a.EnsureCurrent(first.Id)).Should().Throw<DomainConflictException>()
            .WithMessage($"Run {first.Id} is superseded by run {second.Id} of 2026-10; it stays readable as history and accepts no decision.");
    }

    [Fact]
    public void A_run_queued_earlier_that_finishes_late_never_becomes_current()
    {
        var (assessment, current) = WithCurrentRun();
        var late = CompletedRun(assessment, CutOff.AddHours(-1));
        assessment.Adopt(late, current).Should().BeFalse();
        assessment.CurrentRunId.Should().Be(current.Id);
    }

    [Fact]
    public void Republishing_needs_a_re_run_opens_a_new_window_and_counts_the_publication()
    {
        var (assessment, first) = Published();
        assessment.Invoking(a => a.Publish(first, 0, false, InWindow, WorkingCalendar.WeekdaysOnly))
            .Should().Throw<DomainConflictException>().WithMessage("2026-10 is already published (公示, publication 1) and no re-run changed it since.");

        var second = CompletedRun(assessment, InWindow);
        assessment.Adopt(second, first);
        assessment.Publish(second, 0, false, AfterWindow, WorkingCalendar.WeekdaysOnly);

        assessment.PublicationNumber.Should().Be(2);
        assessment.PublishedRunId.Should().Be(second.Id);
        assessment.HasUnpublishedChanges.Should().BeFalse();
        assessment.IsAppealWindowOpen(AfterWindow.AddHours(1)).Should().BeTrue();
    }

    [Fact]
    public void Results_become_final_after_the_window_with_every_appeal_decided_and_nothing_left_to_republish()
    {
        var (assessment, first) = Published();
        assessment.Invoking(a => a.MakeFinal(InWindow, 0)).Should().Throw<DomainException>().WithMessage("2026-10 is open for appeals until *; it cannot become final at *.");
        assessment.Invoking(a => a.MakeFinal(AfterWindow, 1)).Should().Throw<DomainException>().WithMessage("2026-10 has 1 undecided appeal(s); decide them before the results become final.");

        var second = CompletedRun(assessment, InWindow);
        assessment.Adopt(second, first);
        assessment.Invoking(a => a.MakeFinal(AfterWindow, 0)).Should().Throw<DomainConflictException>().WithMessage($"Run {second.Id} changed 2026-10 after publication 1; republish it before it becomes final.");
    }

    [Fact]
    public void A_final_period_is_re_run_only_after_an_administrator_reopens_it_with_a_reason()
    {
        var (assessment, run) = Published();
        assessment.MakeFinal(AfterWindow, 0);
        assessment.Publication.Should().Be(PublicationState.Final);
        assessment.Invoking(a => a.EnsureOpenForRuns()).Should().Throw<DomainConflictException>().WithMessage("2026-10 is final (定稿) since *; an administrator must reopen it, with a reason, before it is evaluated again.");
        assessment.Invoking(a => a.Adopt(CompletedRun(assessment, AfterWindow), run)).Should().Throw<DomainConflictException>();
        assessment.Invoking(a => a.Reopen(" ", "admin", AfterWindow)).Should().Throw<DomainException>().WithMessage("A reason to reopen a final period is required.");

        assessment.Reopen("考勤数据更正", "admin", AfterWindow);

        assessment.Publication.Should().Be(PublicationState.Published);
        assessment.ReopenReason.Should().Be("考勤数据更正");
        assessment.EnsureOpenForRuns();
        assessment.Adopt(CompletedRun(assessment, AfterWindow.AddHours(1)), run).Should().BeTrue();
    }

    [Fact]
    public void An_officer_appeals_a_line_of_the_published_results_within_the_window()
    {
        var (assessment, run) = Published();
        var appeal = assessment.FileAppeal(7, "LateArrival", "考勤机故障", [], false, InWindow);

        appeal.AssessmentId.Should().Be(assessment.Id);
        appeal.RunId.Should().Be(run.Id);
        appeal.PublicationNumber.Should().Be(1);
        appeal.Period.Should().Be(October);
        assessment.Invoking(a => a.FileAppeal(7, "LateArrival", "x", [], false, AfterWindow)).Should().Throw<DomainException>().WithMessage("The appeal window of 2026-10 was * to *; * is outside it.");
        WithCurrentRun().Assessment.Invoking(a => a.FileAppeal(7, "LateArrival", "x", [], false, InWindow))
            .Should().Throw<DomainException>().WithMessage("2026-10 is Draft; appeals are filed only against published results (公示).");
        assessment.Invoking(a => a.FileAppeal(7, "LateArrival", " ", [], false, InWindow)).Should().Throw<DomainException>().WithMessage("The statement of an appeal is required.");
    }

    [Fact]
    public void A_line_with_a_pending_or_decided_appeal_is_not_appealed_again_in_the_same_publication()
    {
        var (assessment, first) = Published();
        var appeal = assessment.FileAppeal(7, "LateArrival", "考勤机故障", [], false, InWindow);
        assessment.Invoking(a => a.FileAppeal(7, "LateArrival", "再次申诉", [appeal], false, InWindow))
            .Should().Throw<DomainConflictException>().WithMessage($"Officer 7 already appealed rule 'LateArrival' of 2026-10 (appeal {appeal.Id}); it awaits a decision.");
        appeal.Uphold(3, "属实", "督察 张", InWindow);
        assessment.Invoking(a => a.FileAppeal(7, "LateArrival", "再次申诉", [appeal], false, InWindow))
            .Should().Throw<DomainConflictException>().WithMessage("Rule 'LateArrival' of 2026-10 was already appealed by officer 7 in this publication and the appeal was Upheld*");
        assessment.FileAppeal(7, "OffPost", "另一条", [appeal], false, InWindow).RuleName.Should().Be("OffPost");

        // After a republication only those whose results changed may appeal, and then the line may be appealed again.
        var second = CompletedRun(assessment, InWindow.AddHours(1));
        assessment.Adopt(second, first);
        assessment.Publish(second, 0, false, InWindow.AddHours(2), WorkingCalendar.WeekdaysOnly);
        assessment.Invoking(a => a.FileAppeal(8, "LateArrival", "x", [], false, InWindow.AddHours(3)))
            .Should().Throw<DomainException>().WithMessage("Publication 2 of 2026-10 opened appeals only for those whose results changed; officer 8's did not.");
        assessment.FileAppeal(7, "LateArrival", "调整后仍有异议", [appeal], true, InWindow.AddHours(3)).PublicationNumber.Should().Be(2);
    }

    [Fact]
    public void Upholding_gives_one_adjustment_keyed_by_the_appeal()
    {
        var (assessment, _) = Published();
        var appeal = assessment.FileAppeal(7, "LateArrival", "考勤机故障", [], false, InWindow);
        var adjustment = appeal.Uphold(3, "属实", "督察 张", InWindow);

        adjustment.ExternalId.Should().Be(Appeal.AdjustmentKey(appeal.Id));
        adjustment.SourceAppealId.Should().Be(appeal.Id);
        appeal.Invoking(a => a.Uphold(3, "属实", "督察 张", InWindow)).Should().Throw<DomainException>().WithMessage("Appeal * is already Upheld and cannot be upheld.");
    }
}

public class ProposalReconciliationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly PeriodAssessment Assessment = PeriodAssessment.Open(AssessmentPeriod.Month(2026, 10), 1, Now);

    private static ProposedOutcome Interview(long officer, InterviewLevel level, string reason = "当月考核不合格") => new(OutcomeKind.Interview, SubjectKind.Officer, officer, level, reason);

    private static ProposedOutcome Excellent(long officer) => new(OutcomeKind.ExcellentOfficer, SubjectKind.Officer, officer, null, "前10%");

    [Fact]
    public void A_first_run_proposes_everything_as_pending()
    {
        var run = Guid.CreateVersion7();
        var result = ProposalReconciliation.Apply(Assessment, run, [Interview(1, InterviewLevel.Squad), Excellent(2)], [], Now);

        result.Added.Should().HaveCount(2).And.OnlyContain(o => o.Status == OutcomeStatus.Proposed && o.RunId == run && o.AssessmentId == Assessment.Id);
        (result.Carried, result.Withdrawn).Should().Be((0, 0));
    }

    [Fact]
    public void A_re_run_carries_decisions_by_identity_adds_new_ones_and_withdraws_the_rest()
    {
        var first = Guid.CreateVersion7();
        var held = ProposalReconciliation.Apply(Assessment, first, [Interview(1, InterviewLevel.Squad), Excellent(2), Excellent(3)], [], Now).Added.ToList();
        held[0].Approve("大队长", Now);
        held[0].Schedule("中队长", Now.AddDays(1), InterviewLevel.Squad, "大队长", Now);
        held[1].Reject("大队长", "本月有投诉在查", Now);

        var second = Guid.CreateVersion7();
        var result = ProposalReconciliation.Apply(Assessment, second, [Interview(1, InterviewLevel.Squad, "新理由"), Excellent(2), Excellent(4)], held, Now.AddDays(2));

        result.Carried.Should().Be(2);
        result.Added.Should().ContainSingle().Which.SubjectId.Should().Be(4);
        result.Withdrawn.Should().Be(1);
        held[0].Status.Should().Be(OutcomeStatus.Scheduled, "the scheduled interview stays scheduled");
        held[0].Reason.Should().Be("新理由");
        held[0].LatestRunId.Should().Be(second);
        held[0].History.Select(e => e.Action).Should().Equal("Proposed", "Approved", "Scheduled", "Carried");
        held[1].Status.Should().Be(OutcomeStatus.Rejected);
        held[1].RejectionReason.Should().Be("本月有投诉在查");
        held[2].IsLive.Should().BeFalse();
        held[2].WithdrawnByRunId.Should().Be(second);
    }

    [Fact]
    public void Another_interview_level_is_another_outcome()
    {
        var first = Guid.CreateVersion7();
        var held = ProposalReconciliation.Apply(Assessment, first, [Interview(1, InterviewLevel.Squad)], [], Now).Added.ToList();
        var result = ProposalReconciliation.Apply(Assessment, Guid.CreateVersion7(), [Interview(1, InterviewLevel.Department)], held, Now);

        result.Added.Should().ContainSingle().Which.Level.Should().Be(InterviewLevel.Department);
        held.Single().IsLive.Should().BeFalse();
    }

    [Fact]
    public void A_withdrawn_outcome_proposed_again_comes_back_with_its_decision_and_is_never_copied()
    {
        var held = ProposalReconciliation.Apply(Assessment, Guid.CreateVersion7(), [Excellent(2)], [], Now).Added.ToList();
        held[0].Approve("大队长", Now);
        ProposalReconciliation.Apply(Assessment, Guid.CreateVersion7(), [], held, Now).Withdrawn.Should().Be(1);

        var third = ProposalReconciliation.Apply(Assessment, Guid.CreateVersion7(), [Excellent(2)], held, Now);

        third.Added.Should().BeEmpty();
        third.Restored.Should().Be(1);
        held[0].IsLive.Should().BeTrue();
        held[0].Status.Should().Be(OutcomeStatus.Approved);
        held[0].History.Select(e => e.Action).Should().Equal("Proposed", "Approved", "Withdrawn", "Restored");
    }

    [Fact]
    public void Two_rows_of_one_identity_or_one_proposal_twice_are_refused()
    {
        var copies = new[] { Excellent(2), Excellent(2) };
        FluentActions.Invoking(() => ProposalReconciliation.Apply(Assessment, Guid.CreateVersion7(), copies, [], Now))
            .Should().Throw<DomainException>().WithMessage("Run * proposes officer:2:excellent_officer:- twice.");
        var a = ProposalReconciliation.Apply(Assessment, Guid.CreateVersion7(), [Excellent(2)], [], Now).Added;
        var b = ProposalReconciliation.Apply(Assessment, Guid.CreateVersion7(), [Excellent(2)], [], Now).Added;
        FluentActions.Invoking(() => ProposalReconciliation.Apply(Assessment, Guid.CreateVersion7(), [], [.. a, .. b], Now))
            .Should().Throw<DomainException>().WithMessage("2026-10 holds two outcomes officer:2:excellent_officer:-; an identity has one row.");
    }
}
