using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <summary>One version with its rule file and its diagnostics, checked again with today's compiler.</summary>
[AllowedRoles(Role.Inspector, Role.Admin, Role.Leader, Role.Auditor)]
public sealed record GetRuleSetVersion(string Scheme, int Number) : IRequest<RuleSetVersionDetail>;

internal sealed class GetRuleSetVersionHandler(AssessmentDbContext db, SchemeCatalog catalog) : IRequestHandler<GetRuleSetVersion, RuleSetVersionDetail>
{
    public async ValueTask<RuleSetVersionDetail> Handle(GetRuleSetVersion request, CancellationToken cancellationToken)
    {
        var version = await db.FindAsync(request.Scheme, request.Number, tracked: false, cancellationToken);
        return version.ToDetail(catalog.CheckEverything(version.Content, version.FileName()));
    }
}
