using System.Globalization;
using System.Text.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Rules;
using AssessmentEngine.Rules.Model;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>Turns the engine's score cards into the explanation lines and subtotals results keep.</summary>
internal static partial class ScoreLines
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General) { WriteIndented = false };

    public static List<RuleLine> Lines(ScoreCard card, CompiledWorkflow? workflow = null)
    {
        var lines = new List<RuleLine>(card.FiredRules.Count);
        foreach (var fired in card.FiredRules)
        {
            var parameters = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in fired.Parameters)
                parameters[p.Name] = Plain(p.Value);
            var evidence = new List<long>(fired.EvidenceIds.Count);
            foreach (var id in fired.EvidenceIds)
            {
                if (long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                    evidence.Add(value);
            }
            lines.Add(new RuleLine(fired.RuleName, fired.Title ?? fired.RuleName, fired.Category ?? string.Empty, (double)fired.Points, JsonSerializer.Serialize(parameters, Json), evidence,
                evidence.Count > 0 && workflow is not null ? EvidenceSource(workflow, fired.RuleName) : null));
        }
        return lines;
    }

    /// <summary>The input list a rule's Evidence expression selects from, e.g. `officer.Enforcements.Where(…)` → Enforcements.</summary>
    public static string? EvidenceSource(CompiledWorkflow workflow, string ruleName)
    {
        var rule = workflow.Definition.Rules.FirstOrDefault(r => string.Equals(r.RuleName, ruleName, StringComparison.OrdinalIgnoreCase));
        if (rule?.Scoring?.Evidence?.Text is not { } text)
            return null;
        var match = EvidencePath().Match(text);
        return match.Success ? match.Groups[1].Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\w+\s*\.\s*(\w+)")]
    private static partial System.Text.RegularExpressions.Regex EvidencePath();

    public static List<CategorySubtotal> Subtotals(ScoreCard card) =>
        card.Categories.Select(c => new CategorySubtotal(c.Name, (double)c.Capped)).ToList();

    /// <summary>The sum of a card's deductions (negative points), used for linked liability.</summary>
    public static double Deduction(IEnumerable<RuleLine> lines) => lines.Where(l => l.Points < 0).Sum(l => l.Points);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Json)!;

    /// <summary>The grade band a score falls in: the first band (highest minimum first) whose minimum it reaches.</summary>
    public static string Grade(Scheme scheme, double score)
    {
        foreach (var band in scheme.Grades.OrderByDescending(g => g.Min ?? decimal.MinValue))
        {
            if (band.Min is null || score >= (double)band.Min.Value)
                return band.Name;
        }
        return string.Empty;
    }

    private static object? Plain(object? value) => value switch
    {
        null => null,
        string or bool or int or long or double or decimal => value,
        float f => (double)f,
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture),
        TimeSpan t => t.TotalHours,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
