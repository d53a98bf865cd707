using System.Globalization;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>
/// "Evaluate period X now", from POST /api/runs and the Runs page alike: queues a new run of a finished period and, once
/// that is committed, its brigade parts as background jobs. Every request is a new run (a manual run answers a deliberate
/// request, e.g. after corrected data) and, once complete, supersedes the current run of the period's assessment, which
/// stays as it was. Scheduled fires, by contrast, share one claimed run per period. Only someone whose unit scope covers
/// the run's population may start one; a final period must be reopened.
/// </summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader)]
public sealed record EvaluatePeriod([property: StoredIn(typeof(EvaluationRun), nameof(EvaluationRun.Period))] string? Period) : ICommand<RunView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(AssessmentPeriod.TryParse(Period, CultureInfo.InvariantCulture, out _), "period", "NotAPeriod", $"'{Period}' is not a period; write {Periods.PeriodRequirements.Format}.", Period);
    }
}

internal sealed class EvaluatePeriodHandler(AssessmentDbContext db, EvaluationService evaluations, AfterCommit afterCommit, IServiceScopeFactory scopes, AuditLog audit, CurrentActor actor)
    : IRequestHandler<EvaluatePeriod, RunView>
{
    public async ValueTask<RunView> Handle(EvaluatePeriod request, CancellationToken cancellationToken)
    {
        var period = AssessmentPeriod.Parse(request.Period!, CultureInfo.InvariantCulture);
        // A run evaluates its whole population: only someone whose scope covers it may start one.
        await Reviews.Assessments.EnsureCoversAsync(actor, await Reviews.Assessments.RunScopeAsync(db, cancellationToken), Reviews.ScopedAct.Run, period, cancellationToken);
        // A period that cannot be evaluated is an UnknownPeriodException, itself a coded 404.
        var run = await evaluations.QueueAsync(period, cancellationToken: cancellationToken);
        var parts = await evaluations.PartsAsync(run.Id, cancellationToken);
        var view = RunView.Of(run, parts.Count, 0);
        audit.Concerning(null).Describe(nameof(EvaluationRun), run.Id, before: null, after: view);
        // A fresh scope for the dispatch: this request's context may still be tracking the run it queued.
        afterCommit.Enqueue(async token =>
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RunDispatcher>().DispatchAsync(run.Id, token);
        });
        return view;
    }
}
