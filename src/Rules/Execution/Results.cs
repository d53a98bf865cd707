using AssessmentEngine.Rules.Model;

namespace AssessmentEngine.Rules;

/// <summary>The outcome of an action (OutputExpression or EvaluateRule) run after a rule.</summary>
public sealed record ActionResult(object? Output, Exception? Exception)
{
    /// <summary>For EvaluateRule: the result of the rule it evaluated.</summary>
    public IReadOnlyList<RuleResultTree>? Results { get; init; }
}

/// <summary>One rule's result, shaped like Microsoft RulesEngine's <c>RuleResultTree</c>.</summary>
public sealed record RuleResultTree
{
    public required Rule Rule { get; init; }
    public bool IsSuccess { get; init; }

    /// <summary>Results of nested rules that were evaluated (null for rules without an Operator).</summary>
    public IReadOnlyList<RuleResultTree>? ChildResults { get; init; }

    /// <summary>Inputs and the parameters visible to the rule, by name.</summary>
    public IReadOnlyDictionary<string, object?> Inputs { get; init; } = new Dictionary<string, object?>();

    public ActionResult? ActionResult { get; init; }
    public string? ExceptionMessage { get; init; }

    /// <summary>The rule's SuccessEvent when it succeeded.</summary>
    public string? SuccessEvent { get; init; }

    /// <summary>Our scoring extra: for a rule with scoring Properties that succeeded, its points and their explanation.</summary>
    public FiredRule? Score { get; init; }
}
