using System.Text.Json;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Rules;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Reference;
using AssessmentEngine.Web.Features.Evaluations;

namespace AssessmentEngine.Web.Tests.Evaluations;

/// <summary>
/// Every shipped scheme, on generated data of several months and seeds plus boundary cases, through our compiled engine
/// and Microsoft RulesEngine 6.0.1: not one disagreement in rule outcomes, points, parameters, evidence or totals.
/// </summary>
public class EngineDifferentialTests
{
    private static readonly SchemeCatalog Catalog = new(new RuleEngine(), new SchemeEngines(new RuleEngineOptions { CrossCheck = "All" }));

    private static CompiledScheme Shipped(string file)
    {
        var content = ShippedSchemes.Files().Single(f => f.FileName == "rules/" + file).Content;
        var check = Catalog.Check(content, file);
        check.ErrorCount.Should().Be(0);
        var version = RuleSetVersion.Save(check.SchemeName!, 1, check.Compiled.VersionHash, content, 0, "test", DateTimeOffset.UtcNow);
        return new CompiledScheme(version, check.Compiled.RuleSet!.Workflows[0], check.Population!.Value) { Engines = Catalog.Engines };
    }

    [Fact]
    public void Every_shipped_scheme_is_portable_to_RulesEngine_and_free_of_quota_warnings()
    {
        foreach (var (file, content) in ShippedSchemes.Files())
        {
            var check = Catalog.Check(content, file);
            check.Diagnostics.Should().NotContain(d => d.Code == DiagnosticCodes.NotPortable || d.Code == DiagnosticCodes.TypedDifferently || d.Code == DiagnosticCodes.QuotaRisk, file);
        }
    }

    public static TheoryData<int, int, int> MonthsAndSeeds => new()
    {
        { 2026, 1, 11 }, { 2026, 2, 12 }, { 2026, 7, 13 }, { 2026, 10, 20261 }, { 2025, 12, 14 },
    };

    [Theory]
    [MemberData(nameof(MonthsAndSeeds))]
    public void Officer_auxiliary_and_squad_schemes_agree_on_every_generated_subject(int year, int month, int seed)
    {
        var period = AssessmentPeriod.Month(year, month);
        var schemes = new ActiveSchemes(period, Shipped("officer-monthly.json"), Shipped("auxiliary-monthly.json"), Shipped("squad-monthly.json"), null);

        var (checkedSubjects, disagreements) = EvaluateDetachment(schemes, period, seed);

        disagreements.Should().BeEmpty();
        checkedSubjects.Should().Be(2 * 2 * (8 + 3) + 2 * 2, "every officer, auxiliary and squad is scored by both engines");
    }

    [Fact]
    public void The_quarterly_backlog_scheme_agrees_on_every_generated_officer()
    {
        var quarter = AssessmentPeriod.QuarterOf(2026, 3);
        var schemes = new ActiveSchemes(quarter, Shipped("backlog-quarterly.json"), null, null, null);

        var (checkedSubjects, disagreements) = EvaluateDetachment(schemes, quarter, seed: 5, month: AssessmentPeriod.Month(2026, 9));

        disagreements.Should().BeEmpty();
        checkedSubjects.Should().Be(2 * 2 * (8 + 3));
    }

    [Fact]
    public void The_outcome_scheme_agrees_on_generated_subjects_and_their_history()
    {
        var scheme = Shipped("outcomes-monthly.json");
        var period = AssessmentPeriod.Month(2026, 10);
        var random = new Random(17);
        var context = new EvaluationContext(period.EndInstant);
        var disagreements = new List<EngineDisagreement>();
        string[] grades = ["优秀", "合格", "不合格", "先进", "达标", "后进"];
        for (var i = 0; i < 400; i++)
        {
            var squad = i % 3 == 0;
            var subject = new OutcomeSubject
            {
                Id = $"S{i}",
                Kind = squad ? "Squad" : "Officer",
                Name = $"subject {i}",
                Score = Math.Round(random.NextDouble() * 110 - (i % 17 == 0 ? 100 : 0), 2),
                Grade = grades[random.Next(grades.Length)],
                Vetoed = random.NextDouble() < 0.05,
                Rank = random.Next(1, 30),
                PeerGroupSize = 30,
                Percentile = Math.Round(random.NextDouble() * 100, 1),
                BrigadeRankOfSquad = random.Next(1, 5),
                OverdueCases = random.Next(0, 3),
                VerifiedComplaints = random.Next(0, 3),
                History = Enumerable.Range(1, i % 13).Select(m => new HistoryMonth
                {
                    PeriodKey = period.Key,
                    Score = Math.Round(random.NextDouble() * 100, 2),
                    Grade = grades[random.Next(grades.Length)],
                    Vetoed = random.NextDouble() < 0.05,
                    Rank = random.Next(1, 30),
                    WasLowestSquad = random.NextDouble() < 0.2,
                    HadWarning = random.NextDouble() < 0.3,
                    InterviewLevel = random.NextDouble() < 0.2 ? "Squad" : string.Empty,
                }).ToList(),
            };
            var card = scheme.Score(context, subject, PeriodView.Of(period));
            disagreements.AddRange(scheme.Engines.CrossCheck(card, scheme.Workflow, context, subject, PeriodView.Of(period)));
        }

        disagreements.Should().BeEmpty();
    }

    [Fact]
    public void The_penalty_interlock_answers_every_event_alike_including_the_boundaries()
    {
        var workflow = Shipped("penalty-interlock.json").Workflow;
        var reference = new MicrosoftRulesEngine();
        var random = new Random(3);
        string?[] reasons = [null, "DeviceFault", "Emergency", "SelfReported", "Other"];
        var events = new List<string>();
        foreach (var footage in new[] { true, false })
            foreach (var uploaded in new bool?[] { null, true, false })
                foreach (var seconds in new int?[] { null, 29, 30 })
                    foreach (var fine in new[] { 1999.99m, 2000m })
                        events.Add(Event(footage, uploaded, seconds, fine, points: random.Next(0, 13), reasons[random.Next(reasons.Length)], onSite: random.NextDouble() < 0.5, second: random.NextDouble() < 0.5 ? 8 : null));
        for (var i = 0; i < 200; i++)
            events.Add(Event(random.NextDouble() < 0.7, random.NextDouble() < 0.3 ? null : random.NextDouble() < 0.8, random.NextDouble() < 0.2 ? null : random.Next(0, 120), random.Next(0, 50) * 100m, random.Next(0, 13), reasons[random.Next(reasons.Length)], random.NextDouble() < 0.5, random.NextDouble() < 0.5 ? 7 : null));

        foreach (var json in events)
        {
            var input = JsonDocument.Parse(json).RootElement;
            var context = new EvaluationContext(DateTimeOffset.Parse("2026-10-15T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture)) { Explain = false };
            var ours = workflow.Execute(context, input).Select(r => (r.Rule.RuleName, r.IsSuccess, r.ExceptionMessage));
            var theirs = reference.Execute(workflow, context, input).Select(r => (r.Rule.RuleName, r.IsSuccess, r.ExceptionMessage));
            theirs.Should().Equal(ours, json);
        }
    }

    private static string Event(bool footage, bool? uploaded, int? seconds, decimal fine, int points, string? reason, bool onSite, long? second) =>
        JsonSerializer.Serialize(new
        {
            OfficerId = 7L,
            BadgeNumber = "J007",
            ActionCode = "A1",
            ViolationKind = "speeding",
            OccurredAt = "2026-10-15T10:00:00+08:00",
            OnSite = onSite,
            FineAmount = fine,
            Points = points,
            HasFootage = footage,
            FootageSeconds = seconds,
            FootageUploaded = uploaded,
            ExemptionReason = reason,
            SecondOfficerId = second,
            Location = (string?)null,
        });

    /// <summary>Two brigades of two squads (8 officers, 3 auxiliaries each); each brigade's first officer has no facts at all.</summary>
    private static (int Checked, List<RunDisagreement> Disagreements) EvaluateDetachment(ActiveSchemes schemes, AssessmentPeriod period, int seed, AssessmentPeriod? month = null)
    {
        var organization = DemoGenerator.CreateOrganization(new DemoOptions { Seed = seed, Period = month ?? period, Brigades = 2, SquadsPerBrigade = 2, OfficersPerSquad = 8, AuxiliariesPerSquad = 3 });
        var facts = DemoGenerator.StreamFacts(organization).ToList();
        var indicators = DemoGenerator.UnitIndicators(organization).ToList();
        var total = 0;
        var disagreements = new List<RunDisagreement>();
        foreach (var brigade in organization.Brigades)
        {
            var squads = organization.Squads.Where(s => s.ParentId == brigade.Id).ToList();
            var officers = facts.Where(f => organization.BrigadeOf(f.Officer).Id == brigade.Id).ToList();
            officers[0] = new OfficerFacts(officers[0].Officer);
            var scores = new BrigadeEvaluator(schemes, new LinkedLiabilityOptions()).Evaluate(Guid.NewGuid(), ProjectedBrigade.Of(new BrigadeFacts(brigade, squads, officers, indicators.Where(i => squads.Any(s => s.Id == i.UnitId)).ToList()), period), period);
            total += scores.CrossChecked;
            disagreements.AddRange(scores.Disagreements);
        }
        return (total, disagreements);
    }
}
