using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Reviews;

public sealed record PublicationView(Guid RunId, string Period, string Publication, DateTimeOffset? PublishedAt, DateTimeOffset? AppealWindowEndsAt, DateTimeOffset? FinalizedAt);

internal static class Publications
{
    public static PublicationView View(EvaluationRun run) =>
        new(run.Id, run.Period.Key, run.Publication.ToString(), run.PublishedAt, run.AppealWindowEndsAt, run.FinalizedAt);

    /// <summary>Publishing and finalising concern the whole detachment's results, so only an actor with the whole detachment may.</summary>
    public static async Task<EvaluationRun> ForChangeAsync(AssessmentDbContext db, CurrentActor actor, Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.EvaluationRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken) ?? throw new NotFoundException("Run", runId);
        if (!actor.HasWholeDetachment)
            throw new NotFoundException("Run", runId);
        return run;
    }
}

/// <summary>Posts a completed run's results (公示) and opens the appeal window of N working days (default 3).</summary>
[AllowedRoles(Role.Admin, Role.Leader)]
public sealed record PublishRun(Guid RunId, int AppealWorkingDays = EvaluationRun.DefaultAppealWorkingDays) : ICommand<PublicationView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (AppealWorkingDays is < 1 or > 30)
            errors.Add(nameof(AppealWorkingDays), "The appeal window lasts 1 to 30 working days.");
    }
}

internal sealed class PublishRunHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<PublishRun, PublicationView>
{
    public async ValueTask<PublicationView> Handle(PublishRun request, CancellationToken cancellationToken)
    {
        var run = await Publications.ForChangeAsync(db, actor, request.RunId, cancellationToken);
        await Evaluations.RunCrossCheck.EnsurePublishableAsync(db, run.Id, cancellationToken);
        var before = Publications.View(run);
        run.Publish(clock.GetUtcNow(), WorkingCalendar.WeekdaysOnly, request.AppealWorkingDays);
        var after = Publications.View(run);
        audit.Concerning(null).Describe(nameof(EvaluationRun), run.Id, before, after);
        return after;
    }
}

/// <summary>Makes published results final once the appeal window has closed and every appeal is decided.</summary>
[AllowedRoles(Role.Admin, Role.Leader)]
public sealed record FinalizeRun(Guid RunId) : ICommand<PublicationView>, IAuditedCommand;

internal sealed class FinalizeRunHandler(AssessmentDbContext db, CurrentActor actor, AuditLog audit, TimeProvider clock) : IRequestHandler<FinalizeRun, PublicationView>
{
    public async ValueTask<PublicationView> Handle(FinalizeRun request, CancellationToken cancellationToken)
    {
        var run = await Publications.ForChangeAsync(db, actor, request.RunId, cancellationToken);
        var before = Publications.View(run);
        var appeals = await db.Appeals.Where(a => a.RunId == run.Id).ToListAsync(cancellationToken);
        run.MakeFinal(clock.GetUtcNow(), appeals);
        var after = Publications.View(run);
        audit.Concerning(null).Describe(nameof(EvaluationRun), run.Id, before, after);
        return after;
    }
}
