using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>One run with its brigade parts.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor)]
public sealed record GetRun(Guid Id) : IRequest<RunDetail>;

internal sealed class GetRunHandler(AssessmentDbContext db, EvaluationService evaluations, SchemeEngines engines) : IRequestHandler<GetRun, RunDetail>
{
    public async ValueTask<RunDetail> Handle(GetRun request, CancellationToken cancellationToken)
    {
        var run = await db.EvaluationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException("RunNotFound", $"Run {request.Id} does not exist.", request.Id);
        var parts = await evaluations.PartsAsync(run.Id, cancellationToken);
        return new RunDetail(RunView.Of(run, parts.Count, parts.Count(p => p.Status == RunPartStatus.Done)), parts.Select(RunPartView.Of).ToList())
        {
            CrossCheck = await RunCrossCheck.ViewAsync(db, engines, run.Id, cancellationToken),
        };
    }
}
