using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Tests.Assessment;

public class AppealTests
{
    private static readonly TimeSpan Plus8 = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset InWindow = new(2026, 11, 5, 9, 0, 0, Plus8);

    private static Appeal Filed(EvaluationRun run) => Appeal.File(run, 7, "bodycam_coverage", "记录仪故障，有报修单", InWindow);

    [Fact]
    public void An_officer_files_within_the_window_of_a_published_run()
    {
        var run = EvaluationRunTests.Published();
        var appeal = Filed(run);
        appeal.Status.Should().Be(AppealStatus.Filed);
        appeal.RunId.Should().Be(run.Id);
        appeal.Period.Should().Be(AssessmentPeriod.Month(2026, 10));
    }

    [Fact]
    public void Filing_against_an_unpublished_run_is_refused()
    {
        var act = () => Filed(EvaluationRunTests.Completed());
        act.Should().Throw<DomainException>().WithMessage("Run * is Draft; appeals are filed only against published results.");
    }

    [Fact]
    public void Filing_against_a_final_run_is_refused()
    {
        var run = EvaluationRunTests.Published();
        run.MakeFinal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, Plus8), []);
        var act = () => Filed(run);
        act.Should().Throw<DomainException>().WithMessage("Run * is Final; appeals are filed only against published results.");
    }

    [Fact]
    public void Filing_after_the_window_is_refused()
    {
        var act = () => Appeal.File(EvaluationRunTests.Published(), 7, "bodycam_coverage", "理由", new DateTimeOffset(2026, 11, 10, 0, 0, 0, Plus8));
        act.Should().Throw<DomainException>().WithMessage("The appeal window of run * is * to *; * is outside it.");
    }

    [Fact]
    public void An_appeal_needs_a_statement_and_a_rule()
    {
        var run = EvaluationRunTests.Published();
        FluentActions.Invoking(() => Appeal.File(run, 7, "bodycam_coverage", " ", InWindow)).Should().Throw<DomainException>().WithMessage("The statement of an appeal is required.");
        FluentActions.Invoking(() => Appeal.File(run, 7, "", "理由", InWindow)).Should().Throw<DomainException>().WithMessage("The rule appealed against is required.");
    }

    [Fact]
    public void Upholding_creates_a_manual_adjustment()
    {
        var appeal = Filed(EvaluationRunTests.Published());
        var adjustment = appeal.Uphold(5, "报修单属实", "督察 张", InWindow.AddDays(1));

        appeal.Status.Should().Be(AppealStatus.Upheld);
        appeal.AdjustedPoints.Should().Be(5);
        adjustment.OfficerId.Should().Be(7);
        adjustment.RuleName.Should().Be("bodycam_coverage");
        adjustment.Points.Should().Be(5);
        adjustment.Reason.Should().Be("报修单属实");
        adjustment.Author.Should().Be("督察 张");
        adjustment.SourceAppealId.Should().Be(appeal.Id);
        adjustment.Period.Should().Be(AssessmentPeriod.Month(2026, 10));
        adjustment.ExternalId.Should().Be("APPEAL-" + appeal.Id.ToString("N"));
    }

    [Fact]
    public void Upholding_without_reason_or_author_is_refused_and_leaves_the_appeal_filed()
    {
        var appeal = Filed(EvaluationRunTests.Published());
        appeal.Invoking(a => a.Uphold(5, "", "督察 张", InWindow)).Should().Throw<DomainException>().WithMessage("Reason of an adjustment is required.");
        appeal.Invoking(a => a.Uphold(5, "属实", " ", InWindow)).Should().Throw<DomainException>().WithMessage("Author of an adjustment is required.");
        appeal.Status.Should().Be(AppealStatus.Filed);
    }

    [Fact]
    public void Rejecting_needs_a_reason()
    {
        var appeal = Filed(EvaluationRunTests.Published());
        appeal.Invoking(a => a.Reject("  ", "督察 张", InWindow)).Should().Throw<DomainException>().WithMessage("A reason to reject an appeal is required.");
        appeal.Reject("无报修记录", "督察 张", InWindow);
        appeal.Status.Should().Be(AppealStatus.Rejected);
        appeal.DecisionReason.Should().Be("无报修记录");
    }

    [Fact]
    public void A_decided_appeal_cannot_be_decided_again()
    {
        var upheld = Filed(EvaluationRunTests.Published());
        upheld.Uphold(2, "属实", "张", InWindow);
        upheld.Invoking(a => a.Uphold(2, "属实", "张", InWindow)).Should().Throw<DomainException>().WithMessage("Appeal * is already Upheld and cannot be upheld.");
        upheld.Invoking(a => a.Reject("x", "张", InWindow)).Should().Throw<DomainException>().WithMessage("Appeal * is already Upheld and cannot be rejected.");

        var rejected = Filed(EvaluationRunTests.Published());
        rejected.Reject("x", "张", InWindow);
        rejected.Invoking(a => a.Uphold(2, "属实", "张", InWindow)).Should().Throw<DomainException>().WithMessage("Appeal * is already Rejected and cannot be upheld.");
    }
}
