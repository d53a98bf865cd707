using AssessmentEngine.Rules.Model;
using ReModels = RulesEngine.Models;

namespace AssessmentEngine.Rules.Reference;

/// <summary>Our workflow model as RulesEngine's: the same names and expressions; scoring Properties stay ours.</summary>
internal static class ReferenceModel
{
    public static ReModels.Workflow Of(Workflow workflow) => new()
    {
        WorkflowName = workflow.WorkflowName,
        GlobalParams = workflow.GlobalParams.Select(Of).ToArray(),
        Rules = workflow.Rules.Select(Of).ToArray(),
    };

    private static ReModels.ScopedParam Of(ScopedParam param) => new() { Name = param.Name, Expression = param.Expression.Text };

    private static ReModels.Rule Of(Rule rule) => new()
    {
        RuleName = rule.RuleName,
        Expression = rule.Operator is null ? rule.Expression?.Text : null,
        Operator = rule.Operator,
        Rules = rule.Operator is null ? null : rule.Rules.Select(Of).ToArray(),
        LocalParams = rule.LocalParams.Select(Of).ToArray(),
        Enabled = rule.Enabled,
        SuccessEvent = rule.SuccessEvent,
        RuleExpressionType = ReModels.RuleExpressionType.LambdaExpression,
    };
}
