using System.Globalization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Runs;

/// <summary>The run history, newest first, optionally of one period.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor)]
public sealed record ListRuns(string? Period, int Take = 100) : IRequest<IReadOnlyList<RunView>>, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(Period is null || AssessmentPeriod.TryParse(Period, CultureInfo.InvariantCulture, out _), "period", "NotAPeriod", $"'{Period}' is not a period; write a month like 2026-10 or a quarter like 2026-Q4.", Period);
        errors.Check(Take is >= 1 and <= 1000, "take", "TakeRange", "take is between 1 and 1000.", 1000);
    }
}

internal sealed class ListRunsHandler(AssessmentDbContext db) : IRequestHandler<ListRuns, IReadOnlyList<RunView>>
{
    public async ValueTask<IReadOnlyList<RunView>> Handle(ListRuns request, CancellationToken cancellationToken)
    {
        var runs = db.EvaluationRuns.AsNoTracking();
        if (request.Period is { } text)
        {
            var period = AssessmentPeriod.Parse(text, CultureInfo.InvariantCulture);
            runs = runs.Where(r => r.Period == period);
        }
        var page = await runs.OrderByDescending(r => r.QueuedAt).Take(request.Take).ToListAsync(cancellationToken);
        var ids = page.ConvertAll(r => r.Id);
        var counts = await db.RunParts.AsNoTracking().Where(p => ids.Contains(p.RunId))
            .GroupBy(p => p.RunId)
            .Select(g => new { RunId = g.Key, Parts = g.Count(), Done = g.Count(p => p.Status == RunPartStatus.Done) })
            .ToDictionaryAsync(c => c.RunId, cancellationToken);
        return page.ConvertAll(r => counts.TryGetValue(r.Id, out var c) ? RunView.Of(r, c.Parts, c.Done) : RunView.Of(r, 0, 0));
    }
}
