using AssessmentEngine.Rules.Loading;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <summary>A scheme with every version saved of it, newest first; title and population are read from the newest version.</summary>
public sealed record SchemeView(string Name, string? Title, string? Population, string? Period, int? InForceNumber, IReadOnlyList<RuleSetVersionView> Versions);

/// <summary>Every scheme and its versions, by name.</summary>
[AllowedRoles(Role.Inspector, Role.Admin, Role.Leader, Role.Auditor)]
public sealed record ListRuleSets : IRequest<IReadOnlyList<SchemeView>>;

internal sealed class ListRuleSetsHandler(AssessmentDbContext db, TimeProvider clock) : IRequestHandler<ListRuleSets, IReadOnlyList<SchemeView>>
{
    public async ValueTask<IReadOnlyList<SchemeView>> Handle(ListRuleSets request, CancellationToken cancellationToken)
    {
        var versions = await db.RuleSetVersions.AsNoTracking().ToListAsync(cancellationToken);
        var current = Domain.Periods.AssessmentPeriod.MonthContaining(clock.GetUtcNow());
        return versions.GroupBy(v => v.SchemeName, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var newest = g.MaxBy(v => v.Number)!;
                var workflows = WorkflowLoader.Load(newest.Content, newest.FileName()).Workflows;
                var scheme = workflows.Count > 0 ? workflows[0].Scheme : null;
                var inForce = Domain.Schemes.RuleSetHistory.InForce(g, current);
                return new SchemeView(g.Key, scheme?.Title, scheme?.Population, scheme?.Period, inForce?.Number, g.OrderByDescending(v => v.Number).Select(v => v.ToView()).ToList());
            })
            .ToList();
    }
}
