using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Scoring;

/// <summary>
/// Without explanations or faults, a card whose fired rules all score constant points depends only on which rules fired
/// (ADR 0034): officers with the same fired rules share one card, which is the card a fresh engine computes for them.
/// </summary>
public class SharedScoreCardTests
{
    private static readonly EvaluationContext Plain = Workflows.July2024 with { Explain = false };

    [Fact]
    public void Officers_with_the_same_fired_rules_share_one_card_equal_to_a_fresh_one()
    {
        var officers = OfficerFactory.Generate(400, seed: 3);
        var workflow = Workflows.Compile(Workflows.OfficerMonthlyJson)["officer-monthly"];
        var cards = officers.Select(o => workflow.Score(Plain, o, OfficerFactory.June2024)).ToList();

        var bySet = cards.GroupBy(c => string.Join(",", c.FiredRules.Select(r => r.RuleName))).ToList();
        bySet.Should().Contain(g => g.Count() > 1);
        foreach (var group in bySet)
            group.Distinct(ReferenceEqualityComparer.Instance).Should().ContainSingle($"officers firing {group.Key} share a card");
        for (var i = 0; i < officers.Count; i += 37)
        {
            // A fresh engine has no shared cards yet, so this officer's card is computed, not looked up.
            var fresh = Workflows.Compile(Workflows.OfficerMonthlyJson)["officer-monthly"].Score(Plain, officers[i], OfficerFactory.June2024);
            cards[i].Should().BeEquivalentTo(fresh, o => o.WithStrictOrdering());
        }
    }

    [Fact]
    public void Cards_with_explanations_are_never_shared()
    {
        var officer = OfficerFactory.Generate(1, seed: 3)[0];
        var workflow = Workflows.Compile(Workflows.OfficerMonthlyJson)["officer-monthly"];

        var first = workflow.Score(Workflows.July2024, officer, OfficerFactory.June2024);
        var second = workflow.Score(Workflows.July2024, officer, OfficerFactory.June2024);

        second.Should().NotBeSameAs(first);
        second.Should().BeEquivalentTo(first, o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_card_with_points_computed_for_the_officer_is_not_shared()
    {
        var json = """
            { "WorkflowName": "computed",
              "Rules": [ { "RuleName": "PerRecord", "Expression": "officer.Enforcements.Count > 0",
                           "Properties": { "Points": "-1 * officer.Enforcements.Count" } } ] }
            """;
        var workflow = Workflows.Compile(json)["computed"];
        var officers = OfficerFactory.Generate(50, seed: 9).Where(o => o.Enforcements.Count > 0).ToList();

        var cards = officers.Select(o => workflow.Score(Plain, o, OfficerFactory.June2024)).ToList();

        cards.Distinct(ReferenceEqualityComparer.Instance).Should().HaveCount(cards.Count);
        cards.Select(c => c.Total).Should().Equal(officers.Select(o => (decimal)-o.Enforcements.Count));
    }

    [Fact]
    public void A_faulted_rule_keeps_its_card_to_itself()
    {
        var json = """
            { "WorkflowName": "faulty",
              "Rules": [ { "RuleName": "Divides", "Expression": "100 / officer.Enforcements.Count > 1", "Properties": { "Points": -1 } } ] }
            """;
        var workflow = Workflows.Compile(json)["faulty"];
        var idle = OfficerFactory.Generate(2, seed: 4);
        foreach (var officer in idle)
            officer.Enforcements.Clear();

        var cards = idle.Select(o => workflow.Score(Plain, o, OfficerFactory.June2024)).ToList();

        cards[0].Faults.Should().ContainSingle();
        cards[1].Should().NotBeSameAs(cards[0]);
    }
}
