using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Rules;

namespace AssessmentEngine.Web.Tests.Schemes;

public class BacklogQuarterlySchemeTests
{
    private static readonly CompiledWorkflow Scheme = ShippedSchemeFiles.Compile("backlog-quarterly.json");

    private static readonly PeriodView Q4 = new()
    {
        Start = new DateTime(2026, 10, 1),
        End = new DateTime(2027, 1, 1),
        Year = 2026,
        Month = 10,
        Quarter = 4,
        Key = "2026-Q4",
        WorkingDays = 62,
    };

    private static readonly EvaluationContext EndOfQ4 = new(new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.FromHours(8)));

    private static CaseView Case(long id, DateTime accepted, int limitDays, DateTime? closed) =>
        new() { Id = id, Kind = "admin", AcceptedAt = accepted, DeadlineAt = accepted.AddDays(limitDays), ClosedAt = closed };

    [Fact]
    public void Open_backlog_at_quarter_end_costs_two_points_each_and_three_more_after_a_month_past_the_deadline()
    {
        var officer = new OfficerMonth
        {
            Id = "110001",
            Kind = "民警",
            PostType = "accident",
            Cases =
            [
                Case(1, new DateTime(2026, 12, 1), 15, null),                        // deadline 16 Dec, open: backlog
                Case(2, new DateTime(2026, 10, 20), 15, null),                       // deadline 4 Nov, open: backlog, over 30 days past
                Case(3, new DateTime(2026, 9, 1), 15, new DateTime(2026, 10, 10)),   // deadline 16 Sep, cleared this quarter
                Case(4, new DateTime(2026, 12, 20), 15, null),                       // deadline 4 Jan: not yet due
            ],
        };

        var card = Scheme.Score(EndOfQ4, officer, Q4);

        // BacklogAtQuarterEnd   −2 × 2 (cases 1, 2)          = −4
        // LongStandingBacklog   −1 × 1 (case 2)              = −1
        // OldBacklogCleared     +1 × 1 (case 3), cap 3       = +1
        // NoOverdueCaseInQuarter does not fire (cases 1–3 were overdue in the quarter).
        // 100 − 4 − 1 + 1 = 96
        card.FiredRules.Select(r => (r.RuleName, r.Points)).Should().Equal(("BacklogAtQuarterEnd", -4m), ("LongStandingBacklog", -1m), ("OldBacklogCleared", 1m));
        card.FiredRules[0].EvidenceIds.Should().Equal("1", "2");
        card.Total.Should().Be(96m);
    }

    [Fact]
    public void A_quarter_with_cases_and_none_overdue_earns_three_points()
    {
        var officer = new OfficerMonth
        {
            Id = "110002",
            Kind = "民警",
            Cases = [Case(5, new DateTime(2026, 11, 2), 15, new DateTime(2026, 11, 12)), Case(6, new DateTime(2026, 12, 28), 10, null)],
        };

        var card = Scheme.Score(EndOfQ4, officer, Q4);

        card.FiredRules.Select(r => (r.RuleName, r.Points)).Should().Equal(("NoOverdueCaseInQuarter", 3m));
        card.Total.Should().Be(103m);
    }
}
