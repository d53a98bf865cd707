using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using AssessmentEngine.Rules;
using AssessmentEngine.Rules.Loading;
using AssessmentEngine.Rules.Model;
using AssessmentEngine.Web.Features.Evaluations;

namespace AssessmentEngine.Web.Cli;

/// <summary>
/// `rules eval &lt;workflow.json&gt; --input name=file.json … [--now …] [--rule R] [--workflow W]`: evaluates a workflow
/// (the file's first unless --workflow names another) on JSON inputs and prints one JSON line per top-level rule, then
/// the score card when the workflow has a Scheme. A scheme's inputs are read as the typed inputs of its population
/// (officer, period …), exactly as an evaluation run sees them; any other input's shape is inferred from its document.
/// </summary>
internal static class RulesEvalCommand
{
    private static readonly JsonSerializerOptions Lines = new()
    {
        // Chinese titles and messages stay readable in a terminal; the output is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    private static readonly JsonSerializerOptions Inputs = new() { PropertyNameCaseInsensitive = true };

    public static int Run(IReadOnlyList<string> files, CommandArguments arguments, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        if (files.Count != 1)
            throw new CommandException("usage: rules eval <workflow.json> --input name=file.json … [--now 2026-10-31T23:59:59+08:00] [--rule R] [--workflow W]");
        var file = files[0];
        if (!File.Exists(file))
            throw new CommandException($"{file}: file not found");
        var content = File.ReadAllText(file);
        var documents = arguments.Values("--input").Select(ReadInput).ToList();

        var loaded = WorkflowLoader.Load(content, file);
        if (loaded.HasErrors)
            return Failed(loaded.Diagnostics, output);
        var workflowName = arguments.Value("--workflow");
        var workflow = workflowName is null
            ? loaded.Workflows[0]
            : loaded.Workflows.FirstOrDefault(w => string.Equals(w.WorkflowName, workflowName, StringComparison.OrdinalIgnoreCase))
                ?? throw new CommandException($"{file} has no workflow '{workflowName}'; it holds {string.Join(", ", loaded.Workflows.Select(w => w.WorkflowName))}");
        var declared = TypedInputsOf(workflow.Scheme, documents);
        var inputs = declared ?? documents.Select(d => RuleInput.Json(d.Name, JsonShape.Infer(d.Document))).ToArray();
        var compiled = new RuleEngine().Compile(content, file, inputs);
        if (compiled.RuleSet is null)
            return Failed(compiled.Diagnostics, output);

        var values = inputs.Select(input => Value(input, documents, declared is not null)).ToArray();
        var now = Now(arguments.Value("--now"), documents);
        var context = new EvaluationContext(now);
        var compiledWorkflow = compiled.RuleSet[workflow.WorkflowName];
        var card = compiledWorkflow.Definition.Scheme is null ? null : compiledWorkflow.Score(context, values);
        var results = arguments.Value("--rule") is { } rule
            ? [compiledWorkflow.ExecuteRule(rule, context, values)]
            : compiledWorkflow.Execute(context, values);
        foreach (var result in results)
        {
            var fired = card?.FiredRules.FirstOrDefault(f => f.RuleName == result.Rule.RuleName);
            output.WriteLine(JsonSerializer.Serialize(new
            {
                Rule = result.Rule.RuleName,
                Success = result.IsSuccess,
                Message = result.ExceptionMessage,
                Output = result.ActionResult?.Output,
                Points = card is null ? (decimal?)null : fired?.Points ?? 0m,
            }, Lines));
        }
        if (card is not null && arguments.Value("--rule") is null)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                ScoreCard = card.Workflow,
                card.BaseScore,
                card.Total,
                card.Grade,
                card.Vetoed,
                Categories = card.Categories.Where(c => c.Raw != 0m).Select(c => new { c.Name, c.Title, c.Raw, c.Capped }),
                card.Outcomes,
                Faults = card.Faults.Select(f => f.Message),
                card.VersionHash,
            }, Lines));
        }
        return 0;
    }

    private static int Failed(IEnumerable<Rules.Diagnostics.Diagnostic> diagnostics, TextWriter output)
    {
        foreach (var diagnostic in diagnostics)
            output.WriteLine(diagnostic);
        return 1;
    }

    private static (string Name, JsonElement Document) ReadInput(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
            throw new CommandException($"--input expects name=file.json, got '{argument}'");
        var (name, path) = (argument[..equals], argument[(equals + 1)..]);
        if (!File.Exists(path))
            throw new CommandException($"--input {name}: file {path} not found");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return (name, document.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            throw new CommandException($"--input {name}: {path} is not JSON: {ex.Message}");
        }
    }

    /// <summary>A scheme's own inputs when the documents given are exactly those; null for any other workflow.</summary>
    private static RuleInput[]? TypedInputsOf(Scheme? scheme, List<(string Name, JsonElement Document)> documents)
    {
        if (!Enum.TryParse<SchemePopulation>(scheme?.Population, ignoreCase: true, out var parsed))
            return null;
        var inputs = SchemeCatalog.InputsOf(parsed, scheme);
        var given = documents.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        if (!given.SetEquals(inputs.Select(i => i.Name)))
            throw new CommandException($"a {parsed} scheme reads the inputs {string.Join(", ", inputs.Select(i => i.Name))}; give each once with --input name=file.json");
        return inputs;
    }

    private static object? Value(RuleInput input, List<(string Name, JsonElement Document)> documents, bool typed)
    {
        var document = documents.Last(d => d.Name == input.Name).Document;
        if (!typed || input.Shape is not null)
            return document;
        try
        {
            return document.Deserialize(input.Type, Inputs);
        }
        catch (JsonException ex)
        {
            throw new CommandException($"--input {input.Name}: not a valid {input.Type.Name}: {ex.Message}");
        }
    }

    /// <summary>"Now" for the rules: --now, else the last second of the period input, so a re-run gives the same answer.</summary>
    private static DateTimeOffset Now(string? text, List<(string Name, JsonElement Document)> documents)
    {
        if (text is not null)
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var now)
                ? now
                : throw new CommandException($"--now expects a date and time such as 2026-10-31T23:59:59+08:00, got '{text}'");
        foreach (var (name, document) in documents)
            if (name == "period" && document.ValueKind == JsonValueKind.Object && document.TryGetProperty("End", out var end) && end.TryGetDateTime(out var periodEnd))
                return new DateTimeOffset(periodEnd.AddSeconds(-1), TimeSpan.FromHours(8));
        foreach (var (name, document) in documents)
            if (name == "event" && document.ValueKind == JsonValueKind.Object && document.TryGetProperty("OccurredAt", out var at) && at.TryGetDateTimeOffset(out var occurredAt))
                return occurredAt;
        throw new CommandException("--now is required when no period input with an End (or event with an OccurredAt) is given");
    }
}
