using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>Pauses scheduling on every node: scheduled evaluations only note their period and no brigade part starts until resumed.</summary>
[AllowedRoles(Role.Admin)]
public sealed record PauseScheduler : ICommand<SchedulerView>, IAuditedCommand;

/// <summary>Resumes scheduling; each evaluation that came due while paused runs once.</summary>
[AllowedRoles(Role.Admin)]
public sealed record ResumeScheduler : ICommand<SchedulerView>, IAuditedCommand;

internal sealed class PauseSchedulerHandler(SchedulerControl control, IMediator mediator, AuditLog audit) : IRequestHandler<PauseScheduler, SchedulerView>
{
    public async ValueTask<SchedulerView> Handle(PauseScheduler request, CancellationToken cancellationToken)
    {
        control.Pause();
        audit.Concerning(null).Describe("Scheduler", null, before: null, after: new { paused = true });
        return await mediator.Send(new ShowScheduler(), cancellationToken);
    }
}

internal sealed class ResumeSchedulerHandler(SchedulerControl control, IMediator mediator, AuditLog audit) : IRequestHandler<ResumeScheduler, SchedulerView>
{
    public async ValueTask<SchedulerView> Handle(ResumeScheduler request, CancellationToken cancellationToken)
    {
        var due = control.Resume();
        audit.Concerning(null).Describe("Scheduler", null, before: null, after: new { paused = false, due });
        return await mediator.Send(new ShowScheduler(), cancellationToken);
    }
}
