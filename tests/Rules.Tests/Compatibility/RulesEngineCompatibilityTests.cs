using AssessmentEngine.Rules.Tests.Fixtures;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;

namespace AssessmentEngine.Rules.Tests.Compatibility;

/// <summary>
/// The compatibility corpus evaluated by Microsoft RulesEngine 6.0.1's own expression parser: every case gives the value
/// our engine gives, except the intended differences listed in <see cref="IntendedDifferences"/>, the one place they are kept.
/// </summary>
public class RulesEngineCompatibilityTests
{
    /// <summary>Where the two engines deliberately differ (docs/adr/0009 and 0022), and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> IntendedDifferences = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // The reference time: our "now" is the evaluated period, RulesEngine's the wall clock.
        ["DateTime.Now"] = "reference time instead of the wall clock",
        ["DateTime.UtcNow"] = "reference time instead of the wall clock",
        ["DateTime.Today"] = "reference time instead of the wall clock",
        ["DateTimeOffset.Now.Offset.TotalHours"] = "reference time (with its +08:00 offset) instead of the machine clock",
        // Nullable dates: we lift + and - over DateTime? as C# does; System.Linq.Dynamic.Core refuses the operator.
        ["officer.Cases[0].ClosedAt + TimeSpan.FromDays(1) > officer.Cases[0].DeadlineAt"] = "lifted date arithmetic on a nullable date",
        ["(officer.Cases[0].ClosedAt - period.Start).Value.Days"] = "lifted date arithmetic on a nullable date",
        ["officer.Cases[1].ClosedAt - period.Start == null"] = "lifted date arithmetic on a nullable date",
        // Names: ours are case-insensitive everywhere, RulesEngine's only for members.
        ["math.abs(-2)"] = "case-insensitive type names",
        ["OFFICER.enforcements.count(E => e.hasfootage)"] = "case-insensitive lambda parameters",
        // Enum types of the inputs are visible to us; RulesEngine would need them in CustomTypes, which we never fill.
        ["officer.Post == PostKind.Road"] = "enum types of the inputs without CustomTypes",
        // Construction: a common element type for array literals, and DateTime's constructor, are ours only.
        ["new[] { 1, 2.5 }.Sum()"] = "array literal with a common numeric element type",
        ["new DateTime(2024, 6, 1).Day"] = "DateTime constructor (RulesEngine's new builds anonymous types)",
        // Reflection (GetType(), Assembly) is refused by our binder at load: see Security/HostileExpressionTests, not this corpus.
    };

    private static object? Evaluate(string expression) =>
        new RuleExpressionParser(new ReSettings { CustomTypes = [] })
            .Evaluate<object>(expression, [new RuleParameter("officer", SampleOfficer.Create()), new RuleParameter("period", OfficerFactory.June2024)]);

    [Theory]
    [MemberData(nameof(ExpressionCompatibilityTests.Cases), MemberType = typeof(ExpressionCompatibilityTests))]
    public void RulesEngine_gives_the_corpus_value_unless_the_difference_is_intended(string expression, object? expected)
    {
        object? value;
        try
        {
            value = Evaluate(expression);
        }
        catch (Exception ex)
        {
            IntendedDifferences.Should().ContainKey(expression, $"RulesEngine failed: {ex.GetType().Name}: {ex.Message}");
            return;
        }
        var same = expected is null ? value is null : value is not null && value.GetType() == expected.GetType() && value.Equals(expected);
        if (IntendedDifferences.ContainsKey(expression))
            same.Should().BeFalse($"'{expression}' is listed as an intended difference, but RulesEngine now gives the same value");
        else
            same.Should().BeTrue($"RulesEngine gives {value ?? "null"} ({value?.GetType().Name}) for '{expression}', ours {expected ?? "null"} ({expected?.GetType().Name})");
    }
}
