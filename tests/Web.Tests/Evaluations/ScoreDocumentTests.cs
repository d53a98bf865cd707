using System.Globalization;
using System.Text.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Tests.Schemes;

namespace AssessmentEngine.Web.Tests.Evaluations;

/// <summary>
/// Staged lines, subtotals and outcome causes are written by <see cref="ScoreLines"/> without JsonSerializer (ADR 0039):
/// they must be byte for byte what JsonSerializer gives for the records readers deserialise, because the results hash
/// covers them and finalisation stores the text as it is.
/// </summary>
public sealed class ScoreDocumentTests
{
    private static readonly CompiledWorkflow Officer = ShippedSchemeFiles.Compile("officer-monthly.json");

    public static TheoryData<string> Cards() => new(CardsByName.Keys);

    [Theory]
    [MemberData(nameof(Cards))]
    public void Lines_subtotals_and_outcomes_are_the_bytes_JsonSerializer_writes_for_the_records(string name)
    {
        var card = CardsByName[name];
        using var documents = new ScoreLines();

        documents.Lines(card, Officer).Should().Be(Serialize(ReferenceLines(card, Officer)), "lines of {0}", name);
        documents.Lines(card, workflow: null).Should().Be(Serialize(ReferenceLines(card, workflow: null)), "lines without a workflow of {0}", name);
        documents.Subtotals(card).Should().Be(Serialize(ReferenceSubtotals(card)), "subtotals of {0}", name);
        documents.Outcomes(card).Should().Be(Serialize(ReferenceOutcomes(card)), "outcomes of {0}", name);
    }

    [Fact]
    public void Documents_written_one_after_another_by_one_writer_do_not_leak_into_each_other()
    {
        using var documents = new ScoreLines();
        var written = CardsByName.Values.Select(c => documents.Lines(c, Officer) + documents.Subtotals(c) + documents.Outcomes(c)).ToList();

        written.Should().Equal(CardsByName.Values.Select(c => Serialize(ReferenceLines(c, Officer)) + Serialize(ReferenceSubtotals(c)) + Serialize(ReferenceOutcomes(c))));
    }

    [Fact]
    public void Linked_lines_and_a_changed_subtotal_are_written_as_the_records_would_be()
    {
        using var documents = new ScoreLines();
        var card = CardsByName["everything"];
        var linked = new List<RuleLine>
        {
            new("LinkedLiability.Auxiliary", "辅警扣分连带责任", BrigadeEvaluator.LinkedCategory, -1,
                documents.Parameters([new("auxiliary", "FJ<0042>&'\""), new("auxiliaryDeduction", -2.35)]), []),
            new("LinkedLiability.SquadLeader", "中队平均扣分连带责任", BrigadeEvaluator.LinkedCategory, 0.1 + 0.2,
                documents.Parameters([new("squadAverageDeduction", -0.0), new("share", 0.2), new("members", 40), new("members", 41)]), [1, long.MaxValue], "Enforcements"),
            new(null!, null!, null!, 1e300, null!, null!, null),
        };
        var expectedLines = ReferenceLines(card, Officer).Concat(linked).ToList();
        var appended = ReferenceSubtotals(card).Append(new CategorySubtotal(BrigadeEvaluator.LinkedCategory, -1.25)).ToList();
        var replaced = ReferenceSubtotals(card);
        replaced[1] = new CategorySubtotal(BrigadeEvaluator.LinkedCategory, -7.5);

        documents.Lines(card, Officer, linked).Should().Be(Serialize(expectedLines));
        documents.Lines(Card([]), Officer, linked).Should().Be(Serialize(linked));
        documents.Subtotals(card, new CategorySubtotal(BrigadeEvaluator.LinkedCategory, -1.25), card.Categories.Count).Should().Be(Serialize(appended));
        documents.Subtotals(card, new CategorySubtotal(BrigadeEvaluator.LinkedCategory, -7.5), 1).Should().Be(Serialize(replaced));
        documents.Subtotals(Card([]), new CategorySubtotal(BrigadeEvaluator.LinkedCategory, -1), 0).Should().Be("""[{"Category":"linked","Points":-1}]""");
        linked[1].ParametersJson.Should().Be("""{"members":41,"share":0.2,"squadAverageDeduction":-0}""", "a repeated name keeps its last value, as a dictionary's indexer does");
    }

    [Fact]
    public void What_the_writer_writes_reads_back_into_the_records_and_serialises_to_the_same_text()
    {
        using var documents = new ScoreLines();
        foreach (var card in CardsByName.Values)
        {
            var lines = documents.Lines(card, Officer);
            Serialize(ScoreLines.Deserialize<List<RuleLine>>(lines)).Should().Be(lines);
            var subtotals = documents.Subtotals(card);
            Serialize(ScoreLines.Deserialize<List<CategorySubtotal>>(subtotals)).Should().Be(subtotals);
        }
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, ScoreLines.Json);

    /// <summary>The records as evaluation built them before ADR 0039: parameters in a sorted dictionary, evidence parsed, serialised by JsonSerializer.</summary>
    private static List<RuleLine> ReferenceLines(ScoreCard card, CompiledWorkflow? workflow) => card.FiredRules.Select(fired =>
    {
        var parameters = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in fired.Parameters)
            parameters[p.Name] = ScoreLines.Plain(p.Value);
        var evidence = fired.EvidenceIds.Select(id => long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? (long?)v : null).OfType<long>().ToList();
        var source = evidence.Count > 0 && workflow is not null
            ? workflow.Definition.Rules.FirstOrDefault(r => string.Equals(r.RuleName, fired.RuleName, StringComparison.OrdinalIgnoreCase))?.Scoring?.Evidence?.Text is { } text
                ? System.Text.RegularExpressions.Regex.Match(text, @"^\s*\w+\s*\.\s*(\w+)") is { Success: true } m ? m.Groups[1].Value : null
                : null
            : null;
        return new RuleLine(fired.RuleName, fired.Title ?? fired.RuleName, fired.Category ?? string.Empty, (double)fired.Points, Serialize(parameters), evidence, source);
    }).ToList();

    private static List<OutcomeCause> ReferenceOutcomes(ScoreCard card)
    {
        var raised = card.Outcomes.ToHashSet(StringComparer.Ordinal);
        return card.FiredRules.Where(r => r.Outcome is not null && raised.Contains(r.Outcome)).Select(r => new OutcomeCause(r.Outcome!, r.Title ?? r.RuleName)).ToList();
    }

    private static List<CategorySubtotal> ReferenceSubtotals(ScoreCard card) => card.Categories.Select(c => new CategorySubtotal(c.Name, (double)c.Capped)).ToList();

    private static ScoreCard Card(IReadOnlyList<FiredRule> fired, IReadOnlyList<CategoryScore>? categories = null, IReadOnlyList<string>? outcomes = null) => new()
    {
        Workflow = "officer-monthly",
        VersionHash = "hash",
        FiredRules = fired,
        Categories = categories ?? [],
        Outcomes = outcomes ?? [],
    };

    private static FiredRule Fired(string rule, decimal points, IReadOnlyList<ParameterValue>? parameters = null, IReadOnlyList<string>? evidence = null, string? title = "标题", string? category = "attendance", string? outcome = null) => new()
    {
        RuleName = rule,
        Title = title,
        Category = category,
        Points = points,
        RawPoints = points,
        Parameters = parameters ?? [],
        EvidenceIds = evidence ?? [],
        Outcome = outcome,
    };

    private static readonly Dictionary<string, ScoreCard> CardsByName = new()
    {
        ["nothing fired"] = Card([]),
        ["one plain line"] = Card([Fired("LateOrEarlyLeave", -1, [new("lateCount", 1)], ["17"])], [new CategoryScore("attendance", "考勤", -1, null, -1)]),
        ["everything"] = Card(
            [
                Fired("LateOrEarlyLeave", -2.5m, [new("lateCount", 3), new("minutes", 125L), new("rate", 0.1 + 0.2), new("z", -0.0), new("big", 1e300), new("tiny", double.Epsilon), new("exact", 12345678901234567890.123m)], ["1", "2", "9223372036854775807", "-5"]),
                Fired("PenaltyWithoutFootage", -5, [new("noFootage", 1), new("why", "无执法记录仪视频 <script>alert('x')</script> & \"quoted\" \\ back\\slash \t tab \n newline \u0001 \u2028 😀")], ["e-1", " 42", "+7", "0042", ""], outcome: "Warning"),
                Fired("OverdueCase", -3, [new("when", new DateTime(2026, 10, 31, 23, 59, 59)), new("at", new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.FromHours(8))), new("took", TimeSpan.FromMinutes(90)), new("ratio", 0.75f), new("on", true), new("off", false), new("nothing", null), new("guid", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")), new("day", new DateOnly(2026, 10, 5)), new("list", new Uri("https://example.org/a?b=c"))], ["3"], title: null, category: null),
                Fired("unknown-rule", 0, [new("B", 1), new("a", 2), new("A", 3), new("b", 4), new("Ä", 5), new("中", 6), new("a", 7)], ["8"], outcome: "Interview:Committee"),
                Fired("CommendationLetter", 2, [], ["100"], title: "锦旗表扬", category: "commendation", outcome: "Commendation:ExcellentOfficer"),
                Fired("DrinkingBanBreach", -100, [], [], outcome: "Veto"),
            ],
            [new CategoryScore("attendance", "考勤", -2.5m, null, -2.5m), new CategoryScore("enforcement", null, -5, 10, -5), new CategoryScore("中文类别\"", "x", 0.1m, null, 0.1m), new CategoryScore("commendation", "表彰", 20, 15, 15)],
            ["Warning", "Interview:Committee", "Interview:Committee"]),
        ["outcomes raised by none of the fired rules"] = Card([Fired("LateOrEarlyLeave", -1, outcome: "Warning")], outcomes: ["Commendation:AdvancedSquad"]),
        ["many parameters"] = Card([Fired("OffPostOnShift", -1, Enumerable.Range(0, 40).Select(i => new ParameterValue($"p{(i * 7919) % 40:D2}", i % 3 == 0 ? i : i * 0.37)).ToList(), Enumerable.Range(0, 300).Select(i => (i * 1_000_003L).ToString(CultureInfo.InvariantCulture)).ToList())]),
    };
}
