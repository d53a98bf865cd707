using System.Text.Json;

namespace AssessmentEngine.Rules.Model;

/// <summary>Where an expression string sits in its rule file, so diagnostics can point at it.</summary>
public sealed record ExpressionSource(string Text, int Line, int Column)
{
    /// <summary>Raw file column (0-based, relative to <see cref="Column"/>) of each expression character; null when the JSON string had no escapes.</summary>
    internal int[]? RawOffsets { get; init; }

    public static ExpressionSource FromText(string text) => new(text, 0, 0);

    /// <summary>Maps a 1-based column inside the expression to a 1-based column in the file (0 when the position is unknown).</summary>
    public int FileColumnOf(int expressionColumn)
    {
        if (Line == 0)
            return 0;
        var index = Math.Clamp(expressionColumn - 1, 0, Text.Length);
        var raw = RawOffsets is null ? index : index < RawOffsets.Length ? RawOffsets[index] : RawOffsets.Length == 0 ? 0 : RawOffsets[^1] + 1;
        return Column + raw;
    }

    public override string ToString() => Text;
}

/// <summary>A named expression: a global or local parameter, or an additional input of an action.</summary>
public sealed record ScopedParam(string Name, ExpressionSource Expression);

public sealed record ActionInfo(string Name, IReadOnlyDictionary<string, JsonElement> Context)
{
    public ExpressionSource? Expression { get; init; }
}

public sealed record RuleActions(ActionInfo? OnSuccess, ActionInfo? OnFailure);

/// <summary>A rule as written in a RulesEngine workflow file, plus the scoring metadata carried in its Properties.</summary>
public sealed record Rule
{
    public required string RuleName { get; init; }
    public ExpressionSource? Expression { get; init; }
    public string RuleExpressionType { get; init; } = "LambdaExpression";
    public string? Operator { get; init; }
    public IReadOnlyList<Rule> Rules { get; init; } = [];
    public IReadOnlyList<ScopedParam> LocalParams { get; init; } = [];
    public bool Enabled { get; init; } = true;
    public string? ErrorMessage { get; init; }
    public string? SuccessEvent { get; init; }
    public RuleActions? Actions { get; init; }
    public IReadOnlyDictionary<string, JsonElement> Properties { get; init; } = new Dictionary<string, JsonElement>();
    public RuleScoring? Scoring { get; init; }
    public int Line { get; init; }
    public int Column { get; init; }
}

/// <summary>Assessment metadata read from a rule's Properties.</summary>
public sealed record RuleScoring
{
    public string? Title { get; init; }
    public string? Category { get; init; }
    public decimal? Points { get; init; }
    public ExpressionSource? PointsExpression { get; init; }
    public decimal? Cap { get; init; }
    public bool Veto { get; init; }
    public string? Outcome { get; init; }
    public ExpressionSource? Evidence { get; init; }
    public IReadOnlyList<string>? Parameters { get; init; }
}

public sealed record ScoreCategory(string Name, string? Title, decimal? Cap);

public sealed record GradeBand(string Name, decimal? Min);

/// <summary>The workflow-level assessment scheme (ignored by RulesEngine, read by the scoring layer).</summary>
public sealed record Scheme
{
    public string? Title { get; init; }
    public string? Population { get; init; }
    public string? Period { get; init; }
    public decimal BaseScore { get; init; } = 100m;
    public decimal VetoScore { get; init; }

    /// <summary>
    /// Decimals points are rounded to when a rule fires and when they are summed (away from zero). Left out of the
    /// canonical JSON when absent, so the versions of schemes without one keep their hash.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Precision { get; init; }

    /// <summary>The decimals in force: <see cref="Precision"/>, else <see cref="DefaultPrecision"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Decimals => Precision ?? DefaultPrecision;

    public const int DefaultPrecision = 2;

    public const int MaxPrecision = 6;
    public IReadOnlyList<ScoreCategory> Categories { get; init; } = [];
    public IReadOnlyList<GradeBand> Grades { get; init; } = [];
    public IReadOnlyList<string> PeerGroup { get; init; } = [];

    /// <summary>
    /// For a real-time check: the JSON shape of the one event it reads (see <see cref="JsonShape"/>), e.g.
    /// <c>{"OfficerId":"long","HasFootage":"bool"}</c>. Left out of the canonical JSON when absent, so the versions of
    /// schemes without one keep their hash.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Event { get; init; }
}

public sealed record Workflow
{
    public required string WorkflowName { get; init; }
    public IReadOnlyList<string> WorkflowsToInject { get; init; } = [];
    public IReadOnlyList<ScopedParam> GlobalParams { get; init; } = [];
    public IReadOnlyList<Rule> Rules { get; init; } = [];
    public Scheme? Scheme { get; init; }
    public string? File { get; init; }
}
