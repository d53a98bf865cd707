using System.Globalization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Quartz;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>
/// Fires the monthly or quarterly job now, as the schedule would (same claim, so it never makes a second scheduled run
/// of a period); without a period it evaluates the period before now.
/// </summary>
[AllowedRoles(Role.Admin)]
public sealed record TriggerEvaluation(string Job, string? Period) : ICommand<TriggeredEvaluation>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(Period is null || AssessmentPeriod.TryParse(Period, CultureInfo.InvariantCulture, out _), "period", "A period is a month like 2026-10 or a quarter like 2026-Q4.");
    }
}

public sealed record TriggeredEvaluation(string Job, string? Period);

internal sealed class TriggerEvaluationHandler(ISchedulerFactory schedulers, AuditLog audit) : IRequestHandler<TriggerEvaluation, TriggeredEvaluation>
{
    public async ValueTask<TriggeredEvaluation> Handle(TriggerEvaluation request, CancellationToken cancellationToken)
    {
        var key = request.Job switch
        {
            "monthly" => ScheduledEvaluationJob.Monthly,
            "quarterly" => ScheduledEvaluationJob.Quarterly,
            _ => throw new NotFoundException("Scheduled job", request.Job),
        };
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (!await scheduler.Exists(key, cancellationToken))
            throw new NotFoundException($"The {request.Job} evaluation is not scheduled on this installation.");
        var data = new JobDataMap();
        if (request.Period is { } period)
            data[ScheduledEvaluationJob.PeriodKey] = AssessmentPeriod.Parse(period, CultureInfo.InvariantCulture).Key;
        await scheduler.TriggerJob(key, data, cancellationToken);
        var fired = new TriggeredEvaluation(request.Job, request.Period);
        audit.Concerning(null).Describe("ScheduledJob", request.Job, before: null, after: fired);
        return fired;
    }
}
