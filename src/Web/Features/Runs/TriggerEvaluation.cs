using System.Globalization;
using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Hangfire;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>
/// "Run now" of the monthly or quarterly evaluation, as the schedule would run it (same claim, so it never makes a second
/// scheduled run of a period); without a period it evaluates the period before now. A period that has not ended is 404
/// (as for POST /api/runs); a quarter for the monthly job or a month for the quarterly one is refused (422).
/// </summary>
[AllowedRoles(Role.Admin)]
public sealed record TriggerEvaluation([property: NotStored(32)] string Job, [property: StoredIn(typeof(Domain.Assessment.EvaluationRun), nameof(Domain.Assessment.EvaluationRun.Period))] string? Period) : ICommand<TriggeredEvaluation>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(Period is null || AssessmentPeriod.TryParse(Period, CultureInfo.InvariantCulture, out _), "period", "NotAPeriod", $"'{Period}' is not a period; write a month like 2026-10 or a quarter like 2026-Q4.", Period);
    }
}

public sealed record TriggeredEvaluation(string Job, string Period);

internal sealed class TriggerEvaluationHandler(IBackgroundJobClient jobs, TimeProvider clock, AfterCommit afterCommit, AuditLog audit) : IRequestHandler<TriggerEvaluation, TriggeredEvaluation>
{
    public ValueTask<TriggeredEvaluation> Handle(TriggerEvaluation request, CancellationToken cancellationToken)
    {
        var job = request.Job switch
        {
            ScheduledEvaluationJob.Monthly or ScheduledEvaluationJob.Quarterly => request.Job,
            _ => throw new NotFoundException("ScheduledJobNotFound", $"There is no scheduled job '{request.Job}'; the jobs are '{ScheduledEvaluationJob.Monthly}' and '{ScheduledEvaluationJob.Quarterly}'.", request.Job, ScheduledEvaluationJob.Monthly, ScheduledEvaluationJob.Quarterly),
        };
        var now = clock.GetUtcNow();
        var period = request.Period is { } text ? AssessmentPeriod.Parse(text, CultureInfo.InvariantCulture) : ScheduledEvaluationJob.PeriodBefore(job, now);
        var quarterly = job == ScheduledEvaluationJob.Quarterly;
        if (period.IsMonthly == quarterly)
        {
            throw quarterly
                ? new DomainException("QuarterlyJobNeedsQuarter", $"period: the {job} evaluation evaluates a quarter like 2026-Q2, not {period.Key}.", period.Key)
                : new DomainException("MonthlyJobNeedsMonth", $"period: the {job} evaluation evaluates a month like 2026-09, not {period.Key}.", period.Key);
        }
        if (period.EndInstant > now)
            throw new UnknownPeriodException("PeriodNotEnded", $"{period} has not ended yet (it ends {period.EndInstant:yyyy-MM-dd HH:mm} Asia/Shanghai); only a finished period can be evaluated.", period, period.EndInstant);
        var key = period.Key;
        afterCommit.Enqueue(() => jobs.Enqueue<ScheduledEvaluationJob>(j => j.RunAsync(job, key, 0, null, CancellationToken.None)));
        var fired = new TriggeredEvaluation(job, key);
        audit.Concerning(null).Describe("ScheduledJob", job, before: null, after: fired);
        return ValueTask.FromResult(fired);
    }
}
