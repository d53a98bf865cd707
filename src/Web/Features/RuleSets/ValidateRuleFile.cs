using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <summary>What a rule file would be as a scheme, and every problem in it.</summary>
public sealed record RuleFileCheck(string? Scheme, SchemePopulation? Population, string Period, int ErrorCount, int WarningCount, IReadOnlyList<DiagnosticView> Diagnostics);

/// <summary>Checks a rule file without saving it: JSON, structure, every expression, the Scheme block.</summary>
[AllowedRoles(Role.Inspector, Role.Admin)]
public sealed record ValidateRuleFile(string Content, string? FileName) : IRequest<RuleFileCheck>, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(!string.IsNullOrWhiteSpace(Content), "content", "RuleFileEmpty", "The rule file is empty.");
    }

    public override string ToString() => $"ValidateRuleFile {{ FileName = {FileName}, Length = {Content?.Length} }}";
}

internal sealed class ValidateRuleFileHandler(SchemeCatalog catalog) : IRequestHandler<ValidateRuleFile, RuleFileCheck>
{
    public ValueTask<RuleFileCheck> Handle(ValidateRuleFile request, CancellationToken cancellationToken)
    {
        var check = catalog.CheckEverything(request.Content, string.IsNullOrWhiteSpace(request.FileName) ? "rule file" : request.FileName);
        return ValueTask.FromResult(new RuleFileCheck(
            check.SchemeName,
            check.Population,
            check.Period,
            check.ErrorCount,
            check.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning),
            check.Diagnostics.Select(DiagnosticView.Of).ToList()));
    }
}
