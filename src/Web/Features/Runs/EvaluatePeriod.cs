using System.Globalization;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>
/// "Evaluate period X now": queues a new run of a finished period; the scheduler evaluates it in the background. Every
/// request is a new run (a manual run answers a deliberate request, e.g. after corrected data) and supersedes the latest
/// completed run of the period, which stays as it was. Scheduled fires, by contrast, share one claimed run per period.
/// </summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader)]
public sealed record EvaluatePeriod(string? Period) : ICommand<RunView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(AssessmentPeriod.TryParse(Period, CultureInfo.InvariantCulture, out _), "period", "A period is a month like 2026-10 or a quarter like 2026-Q4.");
    }
}

internal sealed class EvaluatePeriodHandler(AssessmentDbContext db, EvaluationService evaluations, AuditLog audit)
    : IRequestHandler<EvaluatePeriod, RunView>
{
    public async ValueTask<RunView> Handle(EvaluatePeriod request, CancellationToken cancellationToken)
    {
        var period = AssessmentPeriod.Parse(request.Period!, CultureInfo.InvariantCulture);
        var latest = await db.EvaluationRuns.AsNoTracking()
            .Where(r => r.Period == period && r.Status == RunStatus.Completed)
            .OrderByDescending(r => r.QueuedAt)
            .Select(r => (Guid?)r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        EvaluationRun run;
        try
        {
            run = await evaluations.QueueAsync(period, supersedes: latest, cancellationToken: cancellationToken);
        }
        catch (UnknownPeriodException unknown)
        {
            throw new NotFoundException(unknown.Message, unknown);
        }
        var parts = await evaluations.PartsAsync(run.Id, cancellationToken);
        var view = RunView.Of(run, parts.Count, 0);
        audit.Concerning(null).Describe(nameof(EvaluationRun), run.Id, before: null, after: view);
        return view;
    }
}
