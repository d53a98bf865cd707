using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <summary>
/// A dry run's state and progress, and its report once completed, read from its row (so any node answers). A dry run of
/// another version, or started for a scope the caller does not cover, is not found.
/// </summary>
[AllowedRoles(Role.Inspector, Role.Admin)]
public sealed record GetDryRun(string Scheme, int Number, Guid Id) : IRequest<DryRunView>;

internal sealed class GetDryRunHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<GetDryRun, DryRunView>
{
    public async ValueTask<DryRunView> Handle(GetDryRun request, CancellationToken cancellationToken)
    {
        var run = await db.DryRuns.AsNoTracking().SingleOrDefaultAsync(d => d.Id == request.Id, cancellationToken);
        if (run is null || run.SchemeName != request.Scheme || run.VersionNumber != request.Number || !await actor.CanReachUnitAsync(run.UnitId, cancellationToken))
            throw new NotFoundException("DryRunNotFound", $"{request.Scheme} v{request.Number} has no dry run {request.Id}.", request.Scheme, request.Number, request.Id);
        return DryRunView.Of(run);
    }
}
