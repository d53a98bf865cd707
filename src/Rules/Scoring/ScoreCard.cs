namespace AssessmentEngine.Rules;

/// <summary>A value that explains a fired rule.</summary>
public sealed record ParameterValue(string Name, object? Value);

/// <summary>A rule that fired, with everything needed to explain its points.</summary>
public sealed record FiredRule
{
    public required string RuleName { get; init; }
    public string? Title { get; init; }
    public string? Category { get; init; }

    /// <summary>Points before the rule's Cap.</summary>
    public decimal RawPoints { get; init; }

    /// <summary>Points after the rule's Cap; the category cap is applied to the subtotal, not here.</summary>
    public decimal Points { get; init; }

    public bool Veto { get; init; }
    public string? Outcome { get; init; }
    public IReadOnlyList<ParameterValue> Parameters { get; init; } = [];
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];
}

public sealed record CategoryScore(string Name, string? Title, decimal Raw, decimal? Cap, decimal Capped);

/// <summary>A rule that could not be evaluated for these inputs; it neither scored nor counted as passed.</summary>
public sealed record RuleFault(string RuleName, string Message);

/// <summary>The score of one subject (an officer, a squad …) for one period under one rule-set version.</summary>
public sealed record ScoreCard
{
    public required string Workflow { get; init; }
    public required string VersionHash { get; init; }
    public decimal BaseScore { get; init; }
    public decimal Total { get; init; }
    public string? Grade { get; init; }
    public bool Vetoed { get; init; }
    public bool BarredFromCommendations { get; init; }
    public IReadOnlyList<CategoryScore> Categories { get; init; } = [];
    public IReadOnlyList<FiredRule> FiredRules { get; init; } = [];

    /// <summary>Outcome tags of fired rules; commendations are dropped when a veto fired.</summary>
    public IReadOnlyList<string> Outcomes { get; init; } = [];

    public IReadOnlyList<RuleFault> Faults { get; init; } = [];
}
