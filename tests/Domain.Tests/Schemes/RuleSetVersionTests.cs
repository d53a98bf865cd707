using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Domain.Schemes;

namespace AssessmentEngine.Domain.Tests.Schemes;

public class RuleSetVersionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly AssessmentPeriod September = AssessmentPeriod.Month(2026, 9);
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    private static readonly AssessmentPeriod November = AssessmentPeriod.Month(2026, 11);

    private static RuleSetVersion Version(int number, int errors = 0) =>
        RuleSetVersion.Save("officer-monthly", number, $"hash{number}", "{}", errors, "inspector", Now);

    [Fact]
    public void A_saved_version_is_a_draft_until_activated()
    {
        var version = Version(1);

        version.Status.Should().Be(RuleSetStatus.Draft);
        version.IsInForceFor(October).Should().BeFalse();
        version.Activate(October, "leader", Now);
        version.Status.Should().Be(RuleSetStatus.Active);
        version.IsInForceFor(October).Should().BeTrue();
        version.IsInForceFor(September).Should().BeFalse();
    }

    [Fact]
    public void A_version_with_errors_cannot_be_activated()
    {
        var act = () => Version(1, errors: 3).Activate(October, "leader", Now);

        act.Should().Throw<DomainException>().WithMessage("officer-monthly v1 has 3 error(s) and cannot be activated*");
    }

    [Fact]
    public void Only_a_draft_can_be_activated()
    {
        var version = Version(1);
        version.Activate(October, "leader", Now);

        var act = () => version.Activate(November, "leader", Now);

        act.Should().Throw<DomainException>().WithMessage("*is Active; only a draft can be activated.");
    }

    [Fact]
    public void The_version_in_force_is_the_latest_active_one_that_started_before_the_period()
    {
        var v1 = Version(1);
        v1.Activate(September, "leader", Now);
        var v2 = Version(2);
        v2.Activate(November, "leader", Now);
        var draft = Version(3);

        RuleSetHistory.InForce([v1, v2, draft], October).Should().BeSameAs(v1);
        RuleSetHistory.InForce([v1, v2, draft], November).Should().BeSameAs(v2);
        RuleSetHistory.InForce([v1, v2, draft], AssessmentPeriod.Month(2026, 8)).Should().BeNull();
    }

    [Fact]
    public void A_version_used_by_a_run_fixes_its_periods()
    {
        var v1 = Version(1);
        v1.Activate(September, "leader", Now);
        v1.MarkUsed(October);
        var v2 = Version(2);

        var tooEarly = () => RuleSetHistory.EnsureActivationKeepsHistory([v1, v2], v2, October);
        var retire = () => v1.Retire();

        tooEarly.Should().Throw<DomainException>().WithMessage("officer-monthly v1 already evaluated 2026-10; a new version can take effect from 2026-11 at the earliest.");
        retire.Should().Throw<DomainException>().WithMessage("*evaluated 2026-10 and stays the version of that period.");
        RuleSetHistory.EnsureActivationKeepsHistory([v1, v2], v2, November);
    }

    [Fact]
    public void A_version_is_used_only_for_periods_it_is_in_force_for()
    {
        var v1 = Version(1);
        var draft = () => v1.MarkUsed(October);
        draft.Should().Throw<DomainException>().WithMessage("*is Draft; only an active version evaluates a period.");

        v1.Activate(November, "leader", Now);
        var before = () => v1.MarkUsed(October);
        before.Should().Throw<DomainException>().WithMessage("*is in force from 2026-11, not for 2026-10.");
    }

    [Fact]
    public void An_unused_version_can_be_retired_once()
    {
        var v1 = Version(1);
        v1.Retire();

        var again = () => v1.Retire();

        v1.Status.Should().Be(RuleSetStatus.Retired);
        again.Should().Throw<DomainException>().WithMessage("*already retired.");
    }

    [Fact]
    public void An_activation_from_a_period_a_run_evaluated_after_the_first_is_refused()
    {
        // v1 first evaluated September, then October too: FirstUsedFor alone would let v2 rewrite October.
        var act = () => RuleSetHistory.EnsureActivationKeepsEvaluatedPeriods(Version(2), October, [September, October]);

        act.Should().Throw<DomainException>().WithMessage("officer-monthly: a run already evaluated 2026-10; a new version can take effect from 2026-11 at the earliest.");
    }

    [Fact]
    public void An_activation_after_every_evaluated_period_is_allowed()
    {
        var act = () => RuleSetHistory.EnsureActivationKeepsEvaluatedPeriods(Version(2), November, [September, October]);

        act.Should().NotThrow();
    }
}
