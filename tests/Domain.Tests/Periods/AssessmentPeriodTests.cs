using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Tests.Periods;

public class AssessmentPeriodTests
{
    private static readonly TimeSpan Plus8 = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("2026-10", PeriodKind.Monthly, 2026, 10)]
    [InlineData("2026-01", PeriodKind.Monthly, 2026, 1)]
    [InlineData("2026-Q4", PeriodKind.Quarterly, 2026, 4)]
    [InlineData(" 2025-q1 ", PeriodKind.Quarterly, 2025, 1)]
    public void Parses_months_and_quarters(string text, PeriodKind kind, int year, int number)
    {
        var period = AssessmentPeriod.Parse(text);
        period.Kind.Should().Be(kind);
        period.Year.Should().Be(year);
        period.Number.Should().Be(number);
    }

    [Theory]
    [InlineData("2026-13", "'2026-13' has month 13; a month is 01–12.")]
    [InlineData("2026-00", "'2026-00' has month 0; a month is 01–12.")]
    [InlineData("2026-Q5", "'2026-Q5' has quarter 5; a quarter is Q1–Q4.")]
    [InlineData("2026-Q0", "'2026-Q0' has quarter 0; a quarter is Q1–Q4.")]
    [InlineData("2026/10", "'2026/10' is not a period; expected a month like \"2026-10\" or a quarter like \"2026-Q4\".")]
    [InlineData("26-10", "'26-10' is not a period*")]
    [InlineData("2026-1", "'2026-1' is not a period*")]
    [InlineData("2026-10-01", "'2026-10-01' is not a period*")]
    [InlineData("", "Period is empty*")]
    public void Refuses_bad_text_with_a_clear_message(string text, string message)
    {
        var act = () => AssessmentPeriod.Parse(text);
        act.Should().Throw<FormatException>().WithMessage(message);
        AssessmentPeriod.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("2026-10")]
    [InlineData("2026-Q4")]
    [InlineData("0999-03")]
    public void Formats_back_to_its_key(string key)
    {
        AssessmentPeriod.Parse(key).ToString().Should().Be(key);
        AssessmentPeriod.Parse(key).Key.Should().Be(key);
    }

    [Fact]
    public void Invalid_numbers_are_refused_by_the_factories()
    {
        FluentActions.Invoking(() => AssessmentPeriod.Month(2026, 13)).Should().Throw<DomainException>().WithMessage("Month must be 1–12, got 13.");
        FluentActions.Invoking(() => AssessmentPeriod.QuarterOf(2026, 0)).Should().Throw<DomainException>().WithMessage("Quarter must be 1–4, got 0.");
    }

    [Fact]
    public void A_month_starts_and_ends_at_Shanghai_midnight()
    {
        var october = AssessmentPeriod.Month(2026, 10);
        october.Start.Should().Be(new DateTime(2026, 10, 1));
        october.End.Should().Be(new DateTime(2026, 11, 1));
        october.StartInstant.Should().Be(new DateTimeOffset(2026, 10, 1, 0, 0, 0, Plus8));
        october.StartInstant.Offset.Should().Be(Plus8);
        october.EndInstant.UtcDateTime.Should().Be(new DateTime(2026, 10, 31, 16, 0, 0, DateTimeKind.Utc));
        october.LastDay.Should().Be(new DateOnly(2026, 10, 31));
    }

    [Fact]
    public void Contains_is_reckoned_in_Shanghai_and_the_end_is_exclusive()
    {
        var october = AssessmentPeriod.Month(2026, 10);
        october.Contains(new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.Zero)).Should().BeTrue("that is 00:00 on 1 October in Shanghai");
        october.Contains(new DateTimeOffset(2026, 9, 30, 15, 59, 59, TimeSpan.Zero)).Should().BeFalse();
        october.Contains(new DateTimeOffset(2026, 10, 31, 23, 59, 59, Plus8)).Should().BeTrue();
        october.Contains(new DateTimeOffset(2026, 11, 1, 0, 0, 0, Plus8)).Should().BeFalse();
        october.Contains(new DateTimeOffset(2026, 10, 31, 16, 30, 0, TimeSpan.Zero)).Should().BeFalse("that is already November in Shanghai");
        october.Contains(new DateTime(2026, 10, 31, 23, 0, 0)).Should().BeTrue();
        AssessmentPeriod.MonthContaining(new DateTimeOffset(2026, 10, 31, 17, 0, 0, TimeSpan.Zero)).Should().Be(AssessmentPeriod.Month(2026, 11));
    }

    [Fact]
    public void Previous_crosses_year_boundaries()
    {
        AssessmentPeriod.Month(2026, 1).Previous.Should().Be(AssessmentPeriod.Month(2025, 12));
        AssessmentPeriod.Month(2026, 10).Previous.Should().Be(AssessmentPeriod.Month(2026, 9));
        AssessmentPeriod.QuarterOf(2026, 1).Previous.Should().Be(AssessmentPeriod.QuarterOf(2025, 4));
        AssessmentPeriod.Month(2025, 12).Next.Should().Be(AssessmentPeriod.Month(2026, 1));
        AssessmentPeriod.QuarterOf(2025, 4).Next.Should().Be(AssessmentPeriod.QuarterOf(2026, 1));
    }

    [Fact]
    public void The_twelve_months_before_are_most_recent_first()
    {
        var months = AssessmentPeriod.Month(2026, 3).PreviousPeriods(12);
        months.Should().HaveCount(12);
        months[0].Key.Should().Be("2026-02");
        months[2].Key.Should().Be("2025-12");
        months[11].Key.Should().Be("2025-03");
    }

    [Fact]
    public void Quarter_math()
    {
        var q4 = AssessmentPeriod.Parse("2026-Q4");
        q4.Months().Select(m => m.Key).Should().Equal("2026-10", "2026-11", "2026-12");
        q4.Start.Should().Be(new DateTime(2026, 10, 1));
        q4.End.Should().Be(new DateTime(2027, 1, 1));
        AssessmentPeriod.Month(2026, 11).ContainingQuarter.Should().Be(q4);
        AssessmentPeriod.Month(2026, 3).Quarter.Should().Be(1);
        AssessmentPeriod.Month(2026, 4).Quarter.Should().Be(2);
        q4.Contains(new DateTime(2026, 12, 31, 23, 59, 0)).Should().BeTrue();
        AssessmentPeriod.Month(2026, 5).Months().Should().Equal(AssessmentPeriod.Month(2026, 5));
    }

    [Fact]
    public void Periods_order_by_start()
    {
        (AssessmentPeriod.Month(2026, 1) < AssessmentPeriod.Month(2026, 2)).Should().BeTrue();
        (AssessmentPeriod.Month(2025, 12) < AssessmentPeriod.Month(2026, 1)).Should().BeTrue();
        AssessmentPeriod.Parse("2026-10").Should().Be(AssessmentPeriod.Month(2026, 10));
    }

    [Fact]
    public void The_twelve_months_before_a_quarter_start_before_its_first_month()
    {
        var months = AssessmentPeriod.Parse("2026-Q1").PreviousMonths();
        months.Should().HaveCount(12);
        months[0].Key.Should().Be("2025-12");
        months[11].Key.Should().Be("2025-01");
        AssessmentPeriod.Month(2026, 3).PreviousMonths(1).Should().Equal(AssessmentPeriod.Month(2026, 2));
    }
}
