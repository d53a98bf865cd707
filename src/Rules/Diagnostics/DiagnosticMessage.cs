using System.Globalization;
using System.Text.RegularExpressions;

namespace AssessmentEngine.Rules.Diagnostics;

/// <summary>
/// One sentence the engine can say: a stable id ("RE0201.UnknownMember", its code before the dot) and the English
/// template with {0}… placeholders. A front end says the same in another language by the id and the diagnostic's arguments.
/// </summary>
public sealed partial record DiagnosticMessage(string Id, string English)
{
    public string Code => Id[..Id.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>How many arguments the sentence is made of: one more than its highest placeholder.</summary>
    public int ArgumentCount => Placeholders(English).DefaultIfEmpty(-1).Max() + 1;

    /// <summary>The placeholder indexes a template uses ({0}, {1:N0} …; doubled braces are literal).</summary>
    public static IReadOnlySet<int> Placeholders(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return PlaceholderPattern().Matches(template.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal))
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
    }

    /// <summary>The English sentence, as the CLI and the logs show it.</summary>
    public string Format(IReadOnlyList<object?> arguments) => string.Format(CultureInfo.InvariantCulture, English, [.. arguments]);

    /// <summary>The arguments as a front end receives them: invariant text, an <see cref="ArgumentText"/> by its neutral form.</summary>
    public static IReadOnlyList<string> Neutral(IReadOnlyList<object?> arguments) =>
        [.. arguments.Select(a => a switch
        {
            ArgumentText text => text.Neutral,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => a?.ToString() ?? "",
        })];

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}

/// <summary>An argument whose English wording ("the text \"x\"", "1 or 2") differs from what another language is given ("\"x\"", "1 | 2").</summary>
public sealed record ArgumentText(string English, string Neutral)
{
    public override string ToString() => English;

    /// <summary>Alternatives: "a or b" in English, "a | b" for other languages.</summary>
    public static ArgumentText Either(IEnumerable<string> items)
    {
        var list = items.ToList();
        return new(string.Join(" or ", list), string.Join(" | ", list));
    }
}

/// <summary>The part of a rule an expression is, named before a finding about it ("Points: …").</summary>
public sealed record DiagnosticPart(DiagnosticMessage Phrase, string? Name = null)
{
    public string English => Name is null ? Phrase.English : Phrase.Format([Name]);

    public static DiagnosticPart RuleExpression { get; } = new(DiagnosticMessages.PartRuleExpression);
    public static DiagnosticPart Points { get; } = new(DiagnosticMessages.PartPoints);
    public static DiagnosticPart Evidence { get; } = new(DiagnosticMessages.PartEvidence);
    public static DiagnosticPart OutputExpression { get; } = new(DiagnosticMessages.PartOutputExpression);

    public static DiagnosticPart Parameter(string name) => new(DiagnosticMessages.PartParameter, name);
}
