using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Facts;

namespace AssessmentEngine.Domain.Tests.Facts;

public class CaseTests
{
    private static readonly TimeSpan Plus8 = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Accepted = new(2026, 10, 5, 9, 0, 0, Plus8);

    private static Case AdminCase() => Case.Accept(1, 7, "CASE-7-1", CaseKinds.Admin, Accepted);

    [Fact]
    public void Accepting_sets_the_legal_deadline_of_the_kind()
    {
        AdminCase().DeadlineAt.Should().Be(Accepted.AddDays(15));
        Case.Accept(2, 7, "CASE-7-2", CaseKinds.Accident, Accepted).DeadlineAt.Should().Be(Accepted.AddDays(10));
        Case.Accept(3, 7, "CASE-7-3", CaseKinds.Criminal, Accepted).DeadlineAt.Should().Be(Accepted.AddDays(30));
    }

    [Fact]
    public void An_unknown_kind_is_refused()
    {
        var act = () => Case.Accept(1, 7, "CASE-7-1", "civil", Accepted);
        act.Should().Throw<DomainException>().WithMessage("Unknown case kind 'civil'; expected admin, accident or criminal.");
    }

    [Fact]
    public void A_deadline_before_acceptance_is_refused()
    {
        var act = () => new Case(1, 7, "CASE-7-1", CaseKinds.Admin, Accepted, Accepted.AddDays(-1));
        act.Should().Throw<DomainException>().WithMessage("Case CASE-7-1 has its deadline*before it was accepted*");
    }

    [Fact]
    public void An_open_case_is_overdue_after_its_deadline()
    {
        var c = AdminCase();
        c.IsOverdueAt(c.DeadlineAt).Should().BeFalse();
        c.IsOverdueAt(c.DeadlineAt.AddMinutes(1)).Should().BeTrue();
        c.IsOpenAt(c.DeadlineAt).Should().BeTrue();
    }

    [Fact]
    public void A_case_closed_in_time_is_never_overdue()
    {
        var c = AdminCase();
        c.Close(c.DeadlineAt.AddHours(-1));
        c.IsOverdueAt(c.DeadlineAt.AddDays(100)).Should().BeFalse();
        c.IsOpenAt(c.DeadlineAt).Should().BeFalse();
    }

    [Fact]
    public void A_case_closed_late_stays_overdue()
    {
        var c = AdminCase();
        c.Close(c.DeadlineAt.AddDays(2));
        c.IsOverdueAt(c.DeadlineAt.AddDays(30)).Should().BeTrue();
    }

    [Fact]
    public void Closing_before_acceptance_is_refused()
    {
        var act = () => AdminCase().Close(Accepted.AddMinutes(-1));
        act.Should().Throw<DomainException>().WithMessage("Case CASE-7-1 cannot close at *, before it was accepted at *.");
    }

    [Fact]
    public void Closing_twice_is_refused()
    {
        var c = AdminCase();
        c.Close(Accepted.AddDays(1));
        c.Invoking(x => x.Close(Accepted.AddDays(2))).Should().Throw<DomainException>().WithMessage("Case CASE-7-1 was already closed at *.");
    }
}
