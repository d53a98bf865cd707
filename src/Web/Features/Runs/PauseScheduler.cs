using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Quartz;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>Pauses every trigger (on every node of a cluster): nothing scheduled fires and no part starts until resumed.</summary>
[AllowedRoles(Role.Admin)]
public sealed record PauseScheduler : ICommand<SchedulerView>, IAuditedCommand;

/// <summary>Resumes every trigger; a scheduled evaluation that came due while paused fires once.</summary>
[AllowedRoles(Role.Admin)]
public sealed record ResumeScheduler : ICommand<SchedulerView>, IAuditedCommand;

internal sealed class PauseSchedulerHandler(ISchedulerFactory schedulers, IMediator mediator, AuditLog audit) : IRequestHandler<PauseScheduler, SchedulerView>
{
    public async ValueTask<SchedulerView> Handle(PauseScheduler request, CancellationToken cancellationToken)
    {
        await (await schedulers.GetScheduler(cancellationToken)).PauseAll(cancellationToken);
        audit.Concerning(null).Describe("Scheduler", null, before: null, after: new { paused = true });
        return await mediator.Send(new ShowScheduler(), cancellationToken);
    }
}

internal sealed class ResumeSchedulerHandler(ISchedulerFactory schedulers, IMediator mediator, AuditLog audit) : IRequestHandler<ResumeScheduler, SchedulerView>
{
    public async ValueTask<SchedulerView> Handle(ResumeScheduler request, CancellationToken cancellationToken)
    {
        await (await schedulers.GetScheduler(cancellationToken)).ResumeAll(cancellationToken);
        audit.Concerning(null).Describe("Scheduler", null, before: null, after: new { paused = false });
        return await mediator.Send(new ShowScheduler(), cancellationToken);
    }
}
