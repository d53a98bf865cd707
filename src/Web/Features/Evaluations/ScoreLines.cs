using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Rules;
using AssessmentEngine.Rules.Model;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// The JSON documents a staged score keeps (explanation lines, category subtotals, outcome causes), in the format of
/// <see cref="RuleLine"/>, <see cref="CategorySubtotal"/> and <see cref="OutcomeCause"/> lists serialised with
/// <see cref="Json"/>. Written straight from the score card into one reused buffer (ADR 0039): byte for byte what
/// <see cref="JsonSerializer"/> gives for those records, without building them first. One instance per evaluation, used by one thread at a time.
/// </summary>
internal sealed partial class ScoreLines : IDisposable
{
    /// <summary>The options every reader of these documents uses; the writer below must produce exactly their output.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General) { WriteIndented = false };

    private const string EmptyList = "[]";

    // The same encoder and layout as JsonSerializer with the options above: the default encoder, not indented.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Json.Encoder, Indented = false };

    private readonly ArrayBufferWriter<byte> _document = new(4096);
    private readonly ArrayBufferWriter<byte> _parameters = new(256);
    private readonly Utf8JsonWriter _documentWriter;
    private readonly Utf8JsonWriter _parametersWriter;
    private readonly Dictionary<CompiledWorkflow, Dictionary<string, string?>> _evidenceSources = [];
    private int[] _order = new int[8];

    public ScoreLines()
    {
        _documentWriter = new Utf8JsonWriter(_document, WriterOptions);
        _parametersWriter = new Utf8JsonWriter(_parameters, WriterOptions);
    }

    public void Dispose()
    {
        _documentWriter.Dispose();
        _parametersWriter.Dispose();
    }

    /// <summary>The lines of a card's fired rules, then <paramref name="added"/> (linked liability), as a JSON list of <see cref="RuleLine"/>.</summary>
    public string Lines(ScoreCard card, CompiledWorkflow? workflow, IReadOnlyList<RuleLine>? added = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.FiredRules.Count == 0 && (added is null || added.Count == 0))
            return EmptyList;
        var writer = Start();
        writer.WriteStartArray();
        foreach (var fired in card.FiredRules)
        {
            writer.WriteStartObject();
            writer.WriteString(Names.RuleName, fired.RuleName);
            writer.WriteString(Names.Title, fired.Title ?? fired.RuleName);
            writer.WriteString(Names.Category, fired.Category ?? string.Empty);
            writer.WriteNumber(Names.Points, (double)fired.Points);
            writer.WriteString(Names.ParametersJson, WriteParameters(fired.Parameters));
            writer.WriteStartArray(Names.EvidenceIds);
            var evidence = 0;
            foreach (var id in fired.EvidenceIds)
            {
                if (long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    writer.WriteNumberValue(value);
                    evidence++;
                }
            }
            writer.WriteEndArray();
            WriteStringOrNull(writer, Names.EvidenceSource, evidence > 0 && workflow is not null ? EvidenceSource(workflow, fired.RuleName) : null);
            writer.WriteEndObject();
        }
        if (added is not null)
        {
            foreach (var line in added)
                WriteLine(writer, line);
        }
        writer.WriteEndArray();
        return Finish();
    }

    /// <summary>
    /// The card's capped category subtotals as a JSON list of <see cref="CategorySubtotal"/>, with <paramref name="changed"/>
    /// in place of the subtotal at <paramref name="changedAt"/>, or after the others when that is the count.
    /// </summary>
    public string Subtotals(ScoreCard card, CategorySubtotal? changed = null, int changedAt = -1)
    {
        ArgumentNullException.ThrowIfNull(card);
        var categories = card.Categories;
        if (categories.Count == 0 && changed is null)
            return EmptyList;
        var writer = Start();
        writer.WriteStartArray();
        for (var i = 0; i < categories.Count; i++)
        {
            if (changed is not null && i == changedAt)
                WriteSubtotal(writer, changed.Category, changed.Points);
            else
                WriteSubtotal(writer, categories[i].Name, (double)categories[i].Capped);
        }
        if (changed is not null && changedAt == categories.Count)
            WriteSubtotal(writer, changed.Category, changed.Points);
        writer.WriteEndArray();
        return Finish();
    }

    /// <summary>The fired rules whose outcome the card raised, as a JSON list of <see cref="OutcomeCause"/>.</summary>
    public string Outcomes(ScoreCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.Outcomes.Count == 0)
            return EmptyList;
        var writer = Start();
        writer.WriteStartArray();
        foreach (var fired in card.FiredRules)
        {
            if (fired.Outcome is null || !Raised(card.Outcomes, fired.Outcome))
                continue;
            writer.WriteStartObject();
            writer.WriteString(Names.Tag, fired.Outcome);
            writer.WriteString(Names.Title, fired.Title ?? fired.RuleName);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        return Finish();
    }

    /// <summary>Parameters as the JSON object of a <see cref="RuleLine"/>: names in ordinal order, the last value of a repeated name.</summary>
    public string Parameters(IReadOnlyList<ParameterValue> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Encoding.UTF8.GetString(WriteParameters(parameters));
    }

    private ReadOnlySpan<byte> WriteParameters(IReadOnlyList<ParameterValue> parameters)
    {
        _parameters.ResetWrittenCount();
        var writer = _parametersWriter;
        writer.Reset(_parameters);
        writer.WriteStartObject();
        var count = SortByName(parameters);
        for (var i = 0; i < count; i++)
        {
            var p = parameters[_order[i]];
            writer.WritePropertyName(p.Name);
            WriteValue(writer, Plain(p.Value));
        }
        writer.WriteEndObject();
        writer.Flush();
        return _parameters.WrittenSpan;
    }

    /// <summary>Positions of the parameters in ordinal order of their names, a repeated name only at its last position.</summary>
    private int SortByName(IReadOnlyList<ParameterValue> parameters)
    {
        if (_order.Length < parameters.Count)
            _order = new int[Math.Max(parameters.Count, _order.Length * 2)];
        var count = 0;
        for (var i = 0; i < parameters.Count; i++)
        {
            var name = parameters[i].Name;
            // Insertion sort: a rule explains itself with a handful of values.
            var at = count;
            var replaced = false;
            while (at > 0)
            {
                var order = string.CompareOrdinal(parameters[_order[at - 1]].Name, name);
                if (order < 0)
                    break;
                if (order == 0)
                {
                    _order[at - 1] = i;
                    replaced = true;
                    break;
                }
                at--;
            }
            if (replaced)
                continue;
            Array.Copy(_order, at, _order, at + 1, count - at);
            _order[at] = i;
            count++;
        }
        return count;
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            default:
                throw new InvalidOperationException($"A rule line parameter of type {value.GetType().Name} has no JSON form.");
        }
    }

    private static void WriteLine(Utf8JsonWriter writer, RuleLine line)
    {
        writer.WriteStartObject();
        WriteStringOrNull(writer, Names.RuleName, line.RuleName);
        WriteStringOrNull(writer, Names.Title, line.Title);
        WriteStringOrNull(writer, Names.Category, line.Category);
        writer.WriteNumber(Names.Points, line.Points);
        WriteStringOrNull(writer, Names.ParametersJson, line.ParametersJson);
        if (line.EvidenceIds is null)
        {
            writer.WriteNull(Names.EvidenceIds);
        }
        else
        {
            writer.WriteStartArray(Names.EvidenceIds);
            foreach (var id in line.EvidenceIds)
                writer.WriteNumberValue(id);
            writer.WriteEndArray();
        }
        WriteStringOrNull(writer, Names.EvidenceSource, line.EvidenceSource);
        writer.WriteEndObject();
    }

    private static void WriteSubtotal(Utf8JsonWriter writer, string? category, double points)
    {
        writer.WriteStartObject();
        WriteStringOrNull(writer, Names.Category, category);
        writer.WriteNumber(Names.Points, points);
        writer.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null)
            writer.WriteNull(name);
        else
            writer.WriteString(name, value);
    }

    private static bool Raised(IReadOnlyList<string> outcomes, string outcome)
    {
        foreach (var raised in outcomes)
        {
            if (string.Equals(raised, outcome, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private Utf8JsonWriter Start()
    {
        _document.ResetWrittenCount();
        _documentWriter.Reset(_document);
        return _documentWriter;
    }

    private string Finish()
    {
        _documentWriter.Flush();
        return Encoding.UTF8.GetString(_document.WrittenSpan);
    }

    /// <summary>The input list a rule's Evidence expression selects from, e.g. `officer.Enforcements.Where(…)` → Enforcements.</summary>
    private string? EvidenceSource(CompiledWorkflow workflow, string ruleName)
    {
        if (!_evidenceSources.TryGetValue(workflow, out var sources))
            _evidenceSources[workflow] = sources = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!sources.TryGetValue(ruleName, out var source))
            sources[ruleName] = source = EvidenceSourceOf(workflow, ruleName);
        return source;
    }

    private static string? EvidenceSourceOf(CompiledWorkflow workflow, string ruleName)
    {
        var rule = workflow.Definition.Rules.FirstOrDefault(r => string.Equals(r.RuleName, ruleName, StringComparison.OrdinalIgnoreCase));
        if (rule?.Scoring?.Evidence?.Text is not { } text)
            return null;
        var match = EvidencePath().Match(text);
        return match.Success ? match.Groups[1].Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\w+\s*\.\s*(\w+)")]
    private static partial System.Text.RegularExpressions.Regex EvidencePath();

    /// <summary>The sum of a card's deductions (negative points), used for linked liability.</summary>
    public static double Deduction(ScoreCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var sum = 0.0;
        foreach (var fired in card.FiredRules)
        {
            var points = (double)fired.Points;
            if (points < 0)
                sum += points;
        }
        return sum;
    }

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

    /// <summary>A parameter's value as the JSON value it is stored as (dates as text, durations in hours).</summary>
    internal static object? Plain(object? value) => value switch
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

    /// <summary>Property names as JsonSerializer writes them under <see cref="Json"/>: the records' own names, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText RuleName = Encode(nameof(RuleLine.RuleName));
        public static readonly JsonEncodedText Title = Encode(nameof(RuleLine.Title));
        public static readonly JsonEncodedText Category = Encode(nameof(RuleLine.Category));
        public static readonly JsonEncodedText Points = Encode(nameof(RuleLine.Points));
        public static readonly JsonEncodedText ParametersJson = Encode(nameof(RuleLine.ParametersJson));
        public static readonly JsonEncodedText EvidenceIds = Encode(nameof(RuleLine.EvidenceIds));
        public static readonly JsonEncodedText EvidenceSource = Encode(nameof(RuleLine.EvidenceSource));
        public static readonly JsonEncodedText Tag = Encode(nameof(OutcomeCause.Tag));

        private static JsonEncodedText Encode(string name) => JsonEncodedText.Encode(name, Json.Encoder);
    }
}
