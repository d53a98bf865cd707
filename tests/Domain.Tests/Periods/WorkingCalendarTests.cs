using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Tests.Periods;

public class WorkingCalendarTests
{
    private static readonly TimeSpan Plus8 = TimeSpan.FromHours(8);

    [Fact]
    public void Working_days_are_Monday_to_Friday()
    {
        var calendar = WorkingCalendar.WeekdaysOnly;
        calendar.CountWorkingDays(AssessmentPeriod.Month(2026, 10)).Should().Be(22);
        calendar.CountWorkingDays(AssessmentPeriod.Month(2024, 6)).Should().Be(20);
        calendar.CountWorkingDays(AssessmentPeriod.Month(2026, 2)).Should().Be(20);
        calendar.WorkingDays(AssessmentPeriod.Month(2026, 10))[0].Should().Be(new DateOnly(2026, 10, 1));
        calendar.CountWorkingDays(AssessmentPeriod.QuarterOf(2026, 4)).Should().Be(22 + 21 + 23);
    }

    [Fact]
    public void Holidays_and_make_up_days_are_pluggable()
    {
        // National Day 2026: 1–7 October off, Saturday 10 October worked.
        var holidays = Enumerable.Range(1, 7).Select(d => new DateOnly(2026, 10, d));
        var calendar = new WorkingCalendar(holidays, [new DateOnly(2026, 10, 10)]);
        calendar.IsWorkingDay(new DateOnly(2026, 10, 2)).Should().BeFalse();
        calendar.IsWorkingDay(new DateOnly(2026, 10, 10)).Should().BeTrue();
        calendar.CountWorkingDays(AssessmentPeriod.Month(2026, 10)).Should().Be(22 - 5 + 1);
    }

    [Fact]
    public void A_day_cannot_be_both_holiday_and_workday()
    {
        var day = new DateOnly(2026, 10, 10);
        var act = () => new WorkingCalendar([day], [day]);
        act.Should().Throw<DomainException>().WithMessage("2026-10-10 cannot be both a holiday and a make-up working day.");
    }

    [Fact]
    public void Working_days_after_skips_the_weekend()
    {
        var friday = new DateOnly(2026, 10, 9);
        WorkingCalendar.WeekdaysOnly.WorkingDaysAfter(friday, 1).Should().Be(new DateOnly(2026, 10, 12));
        WorkingCalendar.WeekdaysOnly.WorkingDaysAfter(friday, 3).Should().Be(new DateOnly(2026, 10, 14));
        var saturday = new DateOnly(2026, 10, 10);
        WorkingCalendar.WeekdaysOnly.WorkingDaysAfter(saturday, 1).Should().Be(new DateOnly(2026, 10, 12));
    }

    [Fact]
    public void An_appeal_window_published_on_a_Friday_ends_at_Thursday_midnight_Shanghai()
    {
        var publishedFridayAfternoon = new DateTimeOffset(2026, 10, 9, 15, 0, 0, Plus8);
        var end = WorkingCalendar.WeekdaysOnly.WindowEnd(publishedFridayAfternoon, 3);
        end.Should().Be(new DateTimeOffset(2026, 10, 15, 0, 0, 0, Plus8));
    }

    [Fact]
    public void The_window_is_counted_from_the_Shanghai_day_of_publication()
    {
        // 17:00 UTC on Thursday is already Friday in Shanghai.
        var published = new DateTimeOffset(2026, 10, 8, 17, 0, 0, TimeSpan.Zero);
        WorkingCalendar.WeekdaysOnly.WindowEnd(published, 1).Should().Be(new DateTimeOffset(2026, 10, 13, 0, 0, 0, Plus8));
    }

    [Fact]
    public void Zero_working_days_is_refused()
    {
        FluentActions.Invoking(() => WorkingCalendar.WeekdaysOnly.WorkingDaysAfter(new DateOnly(2026, 1, 1), 0))
            .Should().Throw<ArgumentOutOfRangeException>();
    }
}
