using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Organization;

/// <summary>
/// The unit hierarchy (支队 → 大队 → 中队) that unit scopes are checked against: a scope on a brigade reaches the
/// brigade and its squads. Read per request; a detachment has a few hundred units at most.
/// </summary>
internal sealed class UnitTree(AssessmentDbContext db) : IUnitHierarchy
{
    public async Task<IReadOnlySet<long>> SubtreeAsync(long unitId, CancellationToken cancellationToken)
    {
        var parents = await db.Units.AsNoTracking().Select(u => new { u.Id, u.ParentId }).ToListAsync(cancellationToken);
        var children = parents.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!.Value, u => u.Id);
        var subtree = new HashSet<long>();
        var pending = new Stack<long>();
        pending.Push(unitId);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (!subtree.Add(id))
                continue;
            foreach (var child in children[id])
                pending.Push(child);
        }
        return subtree;
    }
}
