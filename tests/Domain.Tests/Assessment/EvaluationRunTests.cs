using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Tests.Assessment;

public class EvaluationRunTests
{
    internal static readonly TimeSpan Plus8 = TimeSpan.FromHours(8);
    internal static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    internal static readonly DateTimeOffset CutOff = new(2026, 11, 1, 2, 0, 0, Plus8);
    private static readonly SchemeVersion[] Schemes = [new("officer-monthly", "sha256:ab12"), new("squad-monthly", "sha256:cd34")];

    internal static EvaluationRun Queued() => EvaluationRun.Queue(October, Schemes, CutOff, CutOff);

    internal static EvaluationRun Completed()
    {
        var run = Queued();
        run.Start("node-a", CutOff.AddMinutes(1));
        run.Complete(CutOff.AddMinutes(5));
        return run;
    }

    [Fact]
    public void A_queued_run_is_a_draft_with_its_scheme_versions()
    {
        var run = Queued();
        run.Status.Should().Be(RunStatus.Queued);
        run.Schemes.Should().HaveCount(2);
        run.Attempts.Should().Be(0);
        run.Id.Version.Should().Be(7);
    }

    [Fact]
    public void A_run_needs_a_scheme_and_a_cut_off_after_the_period()
    {
        FluentActions.Invoking(() => EvaluationRun.Queue(October, [], CutOff, CutOff))
            .Should().Throw<DomainException>().WithMessage("A run of 2026-10 needs at least one scheme version.");
        FluentActions.Invoking(() => EvaluationRun.Queue(October, Schemes, October.EndInstant.AddSeconds(-1), CutOff))
            .Should().Throw<DomainException>().WithMessage("The data cut-off * is before the end of 2026-10*");
    }

    [Fact]
    public void Queued_runs_then_completes()
    {
        var run = Queued();
        run.Start("node-a", CutOff.AddMinutes(1));
        run.Status.Should().Be(RunStatus.Running);
        run.Node.Should().Be("node-a");
        run.Attempts.Should().Be(1);
        run.Complete(CutOff.AddMinutes(4));
        run.Status.Should().Be(RunStatus.Completed);
        run.Duration.Should().Be(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void A_failed_run_keeps_its_error_and_can_be_retried()
    {
        var run = Queued();
        run.Start("node-a", CutOff);
        run.Fail("database timeout", CutOff.AddMinutes(1));
        run.Status.Should().Be(RunStatus.Failed);
        run.Error.Should().Be("database timeout");

        run.Start("node-b", CutOff.AddMinutes(2));
        run.Attempts.Should().Be(2);
        run.Node.Should().Be("node-b");
        run.Error.Should().BeNull();
    }

    [Fact]
    public void Failing_needs_an_error()
    {
        var run = Queued();
        run.Start("node-a", CutOff);
        run.Invoking(r => r.Fail(" ", CutOff)).Should().Throw<DomainException>().WithMessage("The error of a failed run is required.");
    }

    [Fact]
    public void Illegal_status_moves_are_refused()
    {
        var queued = Queued();
        queued.Invoking(r => r.Complete(CutOff)).Should().Throw<DomainException>().WithMessage("Run * is Queued and cannot complete; only a running run can.");
        queued.Invoking(r => r.Fail("x", CutOff)).Should().Throw<DomainException>().WithMessage("Run * is Queued and cannot fail; only a running run can.");

        var running = Queued();
        running.Start("node-a", CutOff);
        running.Invoking(r => r.Start("node-b", CutOff)).Should().Throw<DomainException>().WithMessage("Run * is Running and cannot start; only a queued or failed run can.");

        var completed = Completed();
        completed.Invoking(r => r.Start("node-a", CutOff)).Should().Throw<DomainException>().WithMessage("Run * is Completed and cannot start*");
        completed.Invoking(r => r.Complete(CutOff)).Should().Throw<DomainException>();
        completed.Invoking(r => r.Fail("x", CutOff)).Should().Throw<DomainException>();
    }

    [Fact]
    public void A_rerun_is_a_new_run_that_names_the_one_it_supersedes()
    {
        var first = Completed();
        var rerun = EvaluationRun.Rerun(first, Schemes, CutOff.AddDays(10), CutOff.AddDays(10));
        rerun.Id.Should().NotBe(first.Id);
        rerun.SupersedesRunId.Should().Be(first.Id);
        rerun.Period.Should().Be(October);
        rerun.Status.Should().Be(RunStatus.Queued);
        first.Status.Should().Be(RunStatus.Completed, "the earlier run is left as it was");
    }

    [Fact]
    public void A_run_still_in_progress_cannot_be_rerun()
    {
        var running = Queued();
        running.Start("node-a", CutOff);
        FluentActions.Invoking(() => EvaluationRun.Rerun(running, Schemes, CutOff, CutOff))
            .Should().Throw<DomainException>().WithMessage("Run * is still Running; wait for it to finish before re-running 2026-10.");
    }
}

public class EvaluationRunClaimTests
{
    private static readonly AssessmentEngine.Domain.Periods.AssessmentPeriod October = AssessmentEngine.Domain.Periods.AssessmentPeriod.Month(2026, 10);

    [Fact]
    public void A_scheduled_run_claims_its_period_and_a_manual_run_claims_itself()
    {
        var now = October.EndInstant.AddHours(2);
        var scheduled = AssessmentEngine.Domain.Assessment.EvaluationRun.Queue(October, [new("officer-monthly", "h")], now, now, AssessmentEngine.Domain.Assessment.EvaluationRun.ScheduledClaim(October));
        var manual = AssessmentEngine.Domain.Assessment.EvaluationRun.Queue(October, [new("officer-monthly", "h")], now, now);

        scheduled.ClaimKey.Should().Be("scheduled:2026-10");
        manual.ClaimKey.Should().Be("run:" + manual.Id.ToString("N"));
    }

    [Fact]
    public void A_completed_run_keeps_its_statistics()
    {
        var now = October.EndInstant.AddHours(2);
        var run = AssessmentEngine.Domain.Assessment.EvaluationRun.Queue(October, [new("officer-monthly", "h")], now, now);
        run.Start("node-a", now);
        var statistics = new AssessmentEngine.Domain.Assessment.RunStatistics(10, 4, 2, 1000, 3, new Dictionary<string, double> { ["load"] = 0.5 });

        run.Complete(now.AddMinutes(1), statistics);

        run.Statistics.Should().BeSameAs(statistics);
    }
}

public class EvaluationRunCutOffTests
{
    private static readonly AssessmentEngine.Domain.Periods.AssessmentPeriod October = AssessmentEngine.Domain.Periods.AssessmentPeriod.Month(2026, 10);

    [Fact]
    public void The_data_cut_off_is_fixed_once_before_the_run_starts()
    {
        var now = October.EndInstant.AddHours(2);
        var run = AssessmentEngine.Domain.Assessment.EvaluationRun.Queue(October, [new("officer-monthly", "h")], now, now);
        run.FixWatermarks([new("enforcement_actions", 42)]);

        run.WatermarkOf("enforcement_actions").Should().Be(42);
        run.WatermarkOf("cases").Should().BeNull();
        run.Invoking(r => r.FixWatermarks([new("cases", 1)])).Should().Throw<DomainException>().WithMessage("*already has its data cut-off.");
        run.Start("node-a", now);
        run.Invoking(r => r.FixWatermarks([new("cases", 1)])).Should().Throw<DomainException>().WithMessage("*has started; its data cut-off is fixed.");
    }
}
