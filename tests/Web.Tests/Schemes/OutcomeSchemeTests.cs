using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;

namespace AssessmentEngine.Web.Tests.Schemes;

public class OutcomeSchemeTests
{
    private static readonly CompiledWorkflow Scheme = ShippedSchemeFiles.Compile("outcomes-monthly.json");

    private static OutcomeSubject Officer(double score, bool vetoed = false, double percentile = 50, params HistoryMonth[] history) => Person("officer", score, vetoed, percentile, history);

    private static OutcomeSubject Person(string personnel, double score, bool vetoed = false, double percentile = 50, params HistoryMonth[] history) => new()
    {
        Id = "110001",
        Kind = "officer",
        Personnel = personnel,
        Name = "张警官",
        Score = score,
        Vetoed = vetoed,
        Rank = 10,
        PeerGroupSize = 40,
        Percentile = percentile,
        History = [.. history],
    };

    private static OutcomeSubject Squad(int rank, int squads, int overdue = 0, int complaints = 0, params HistoryMonth[] history) => new()
    {
        Id = "S1",
        Kind = "squad",
        Name = "一中队",
        Score = 88,
        Rank = rank,
        PeerGroupSize = squads,
        BrigadeRankOfSquad = rank,
        OverdueCases = overdue,
        VerifiedComplaints = complaints,
        History = [.. history],
    };

    private static HistoryMonth Month(string key, double score, bool warned = false, bool lowestSquad = false) =>
        new() { PeriodKey = key, Score = score, Grade = score >= 80 ? "合格" : "不合格", HadWarning = warned, WasLowestSquad = lowestSquad };

    private static (IReadOnlyList<string> Tags, IReadOnlyList<(OutcomeKind Kind, InterviewLevel? Level)> Proposed) Outcomes(OutcomeSubject subject)
    {
        var card = Scheme.Score(October2026.Context, subject, October2026.Period);
        card.Faults.Should().BeEmpty();
        return (card.Outcomes, OutcomeTags.Parse(card.Outcomes, subject.Kind == "squad" ? SubjectKind.Squad : SubjectKind.Officer));
    }

    [Fact]
    public void An_officer_below_80_for_the_first_time_is_interviewed_by_the_squad()
    {
        var (tags, proposed) = Outcomes(Officer(75));

        tags.Should().Equal("Interview:Squad");
        proposed.Should().Equal((OutcomeKind.Interview, InterviewLevel.Squad));
    }

    [Fact]
    public void An_officer_below_80_two_months_running_is_interviewed_by_the_department()
    {
        var (_, proposed) = Outcomes(Officer(75, history: Month("2026-09", 78)));

        proposed.Should().Equal((OutcomeKind.Interview, InterviewLevel.Department));
    }

    [Fact]
    public void An_officer_below_80_three_months_running_goes_before_the_committee()
    {
        var (_, proposed) = Outcomes(Officer(75, history: [Month("2026-09", 78), Month("2026-08", 70)]));

        proposed.Should().Equal((OutcomeKind.Interview, InterviewLevel.Committee));
    }

    [Fact]
    public void Months_below_80_that_are_not_consecutive_do_not_escalate()
    {
        // No result for September: August's low score is not "last month".
        var (_, proposed) = Outcomes(Officer(75, history: [Month("2026-08", 70), Month("2026-07", 72)]));

        proposed.Should().Equal((OutcomeKind.Interview, InterviewLevel.Squad));
    }

    [Fact]
    public void A_vetoed_officer_goes_before_the_committee_and_cannot_be_commended()
    {
        var (tags, proposed) = Outcomes(Officer(0, vetoed: true, percentile: 0));

        tags.Should().Equal("Interview:Committee");
        proposed.Should().Equal((OutcomeKind.Interview, InterviewLevel.Committee));
    }

    [Fact]
    public void A_warning_last_month_followed_by_a_failing_month_escalates_one_level()
    {
        var (_, once) = Outcomes(Officer(78, history: Month("2026-09", 85, warned: true)));
        // A warning in a failing month (its interview rejected) is two failing months: the department, not a skip to the committee.
        var (_, twice) = Outcomes(Officer(78, history: [Month("2026-09", 79, warned: true)]));
        var afterDepartment = Outcomes(Officer(78, history: [new HistoryMonth { PeriodKey = "2026-09", Score = 76, Grade = "不合格", InterviewLevel = "department" }])).Proposed;

        once.Should().Equal((OutcomeKind.Interview, InterviewLevel.Department));
        twice.Should().Equal((OutcomeKind.Interview, InterviewLevel.Department));
        afterDepartment.Should().Equal((OutcomeKind.Interview, InterviewLevel.Committee));
    }

    [Fact]
    public void An_officer_with_a_first_history_month_and_no_earlier_ones_is_evaluated_without_a_fault()
    {
        var (tags, _) = Outcomes(Officer(85, history: Month("2026-09", 70)));

        tags.Should().BeEmpty();
    }

    [Theory]
    [InlineData(95, 92, false, true)]
    [InlineData(95, 85, false, false)]
    [InlineData(89.5, 95, false, false)]
    [InlineData(95, 95, true, false)]
    public void An_excellent_officer_is_in_the_top_tenth_of_the_peer_group_with_90_or_more_and_no_veto(double score, double percentile, bool vetoed, bool commended)
    {
        var (tags, _) = Outcomes(Officer(score, vetoed, percentile));

        tags.Contains("Commendation:ExcellentOfficer").Should().Be(commended);
    }

    [Theory]
    [InlineData(1, 0, 0, true)]
    [InlineData(1, 1, 0, false)]
    [InlineData(1, 0, 1, false)]
    [InlineData(2, 0, 0, false)]
    public void An_advanced_squad_ranks_first_in_its_brigade_with_no_overdue_case_and_no_verified_complaint(int rank, int overdue, int complaints, bool commended)
    {
        var (_, proposed) = Outcomes(Squad(rank, 6, overdue, complaints));

        proposed.Contains((OutcomeKind.AdvancedSquad, null)).Should().Be(commended);
    }

    [Fact]
    public void The_lowest_squad_is_warned_and_the_lowest_two_months_running_is_interviewed_by_the_department()
    {
        var (_, first) = Outcomes(Squad(6, 6));
        var (_, second) = Outcomes(Squad(6, 6, history: Month("2026-09", 81, lowestSquad: true)));

        first.Should().Equal((OutcomeKind.Warning, null));
        second.Should().Equal((OutcomeKind.Interview, InterviewLevel.Department));
    }

    [Fact]
    public void An_officer_outcome_rule_never_fires_for_a_squad()
    {
        var (tags, _) = Outcomes(Squad(3, 6));

        tags.Should().BeEmpty();
    }

    [Theory]
    [InlineData("officer", "Commendation:ExcellentOfficer", OutcomeKind.ExcellentOfficer)]
    [InlineData("auxiliary", "Commendation:ExcellentAuxiliary", OutcomeKind.ExcellentAuxiliary)]
    public void Commendations_follow_the_population(string personnel, string tag, OutcomeKind kind)
    {
        var (tags, proposed) = Outcomes(Person(personnel, 95, percentile: 95));

        tags.Should().Equal(tag);
        proposed.Should().Equal((kind, (InterviewLevel?)null));
    }

    [Fact]
    public void Interview_titles_name_no_kind_of_person_so_the_reason_can_name_the_right_one()
    {
        using var file = System.Text.Json.JsonDocument.Parse(ShippedSchemeFiles.Content("outcomes-monthly.json"));
        var titles = file.RootElement.GetProperty("Rules").EnumerateArray()
            .Select(r => r.GetProperty("Properties"))
            .Where(p => p.GetProperty("Outcome").GetString()!.StartsWith("Interview", StringComparison.Ordinal))
            .Select(p => p.GetProperty("Title").GetString()!).ToList();
        titles.Should().HaveCountGreaterThan(4).And.OnlyContain(t => !t.Contains("民警") && !t.Contains("辅警"));
    }

    /// <summary>Month after month through the shipped scheme, each month's history built from the outcomes it proposed, as a run does.</summary>
    private static List<InterviewLevel?> Ladder(params (double Score, OutcomeKind[] RaisedByOfficerScheme)[] months)
    {
        var history = new List<PastMonth>();
        var levels = new List<InterviewLevel?>();
        var period = AssessmentEngine.Domain.Periods.AssessmentPeriod.Month(2026, 5);
        foreach (var (score, raised) in months)
        {
            var projected = new OutcomeSubject
            {
                Id = "110001",
                Kind = "officer",
                Personnel = "officer",
                Name = "张警官",
                Score = score,
                Grade = score >= 80 ? "合格" : "不合格",
                Rank = 10,
                PeerGroupSize = 40,
                Percentile = 50,
                History = OutcomeSubjectProjection.History(period, history),
            };
            var view = AssessmentEngine.Domain.Evaluation.PeriodView.Of(period);
            var card = Scheme.Score(new EvaluationContext(period.EndInstant), projected, view);
            card.Faults.Should().BeEmpty();
            var proposed = OutcomeTags.Parse(card.Outcomes.Concat(raised.Select(k => k == OutcomeKind.Warning ? "Warning" : k.ToString())), SubjectKind.Officer);
            levels.Add(proposed.Where(p => p.Kind == OutcomeKind.Interview).Select(p => p.Level).SingleOrDefault());
            var (warned, level) = OutcomeSubjectProjection.Flags(proposed);
            history.Add(new PastMonth(period, score, projected.Grade, false, 10, false, warned, level));
            period = period.Next;
        }
        return levels;
    }

    [Fact]
    public void Three_and_four_failing_months_climb_the_ladder_squad_department_committee_without_skipping()
    {
        Ladder((75, []), (74, []), (73, []), (72, []))
            .Should().Equal(InterviewLevel.Squad, InterviewLevel.Department, InterviewLevel.Committee, InterviewLevel.Committee);
    }

    [Fact]
    public void A_warning_followed_by_failing_months_escalates_from_the_department_to_the_committee()
    {
        Ladder((85, [OutcomeKind.Warning]), (75, []), (74, []), (73, []))
            .Should().Equal(null, InterviewLevel.Department, InterviewLevel.Committee, InterviewLevel.Committee);
    }

    [Fact]
    public void An_interview_last_month_is_not_read_as_a_warning()
    {
        var (warned, level) = OutcomeSubjectProjection.Flags([(OutcomeKind.Interview, InterviewLevel.Squad)]);
        warned.Should().BeFalse();
        level.Should().Be(InterviewLevel.Squad);
    }
}
