using System.Globalization;
using System.Text.Json;

namespace AssessmentEngine.Rules.Reference;

/// <summary>One place where two engines scored a subject differently: the rule (or total) and what each engine gave.</summary>
public sealed record EngineDisagreement(string Rule, string Ours, string Theirs);

/// <summary>Compares two score cards of one subject, after both were rounded to the scheme's precision.</summary>
public static class CrossCheck
{
    public const string TotalName = "(total)";

    /// <summary>Every rule whose outcome, points, explanation or evidence differ, then the total, grade and veto; empty when they agree.</summary>
    public static IReadOnlyList<EngineDisagreement> Compare(ScoreCard ours, ScoreCard theirs)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        var disagreements = new List<EngineDisagreement>();
        var rules = ours.FiredRules.Select(r => r.RuleName).Concat(ours.Faults.Select(f => f.RuleName))
            .Concat(theirs.FiredRules.Select(r => r.RuleName)).Concat(theirs.Faults.Select(f => f.RuleName))
            .Distinct(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var a = Describe(ours, rule);
            var b = Describe(theirs, rule);
            if (!string.Equals(a, b, StringComparison.Ordinal))
                disagreements.Add(new EngineDisagreement(rule, a, b));
        }
        var totalOurs = Summary(ours);
        var totalTheirs = Summary(theirs);
        if (!string.Equals(totalOurs, totalTheirs, StringComparison.Ordinal))
            disagreements.Add(new EngineDisagreement(TotalName, totalOurs, totalTheirs));
        return disagreements;
    }

    private static string Summary(ScoreCard card) =>
        $"total {Number(card.Total)}, grade {card.Grade ?? "-"}{(card.Vetoed ? ", vetoed" : "")}, outcomes [{string.Join(", ", card.Outcomes)}]";

    private static string Describe(ScoreCard card, string rule)
    {
        if (card.Faults.FirstOrDefault(f => f.RuleName == rule) is { } fault)
            return "fault";
        if (card.FiredRules.FirstOrDefault(f => f.RuleName == rule) is not { } fired)
            return "did not fire";
        var parameters = string.Join(", ", fired.Parameters.Select(p => $"{p.Name}={JsonSerializer.Serialize(p.Value)}"));
        return $"fired: points {Number(fired.Points)} (raw {Number(fired.RawPoints)}), [{parameters}], evidence [{string.Join(", ", fired.EvidenceIds)}]";
    }

    // Trailing zeros are not a disagreement: 3.0 and 3 are the same points.
    private static string Number(decimal value) => (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
