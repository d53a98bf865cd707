using System.Text.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Results;

/// <summary>A record that made a rule fire, with the fields an inspector reads.</summary>
public sealed record EvidenceRecord(long Id, string Kind, DateTimeOffset? At, IReadOnlyDictionary<string, object?> Fields);

public sealed record ExplainedLine(string RuleName, string Title, string Category, double Points, JsonElement Parameters, IReadOnlyList<EvidenceRecord> Evidence);

public sealed record AppealSummary(Guid Id, string RuleName, string Statement, string Status, DateTimeOffset FiledAt, string? DecisionReason, double? AdjustedPoints, int PublicationNumber);

public sealed record OfficerResultView(
    Guid RunId, string Period, string Publication, DateTimeOffset? AppealWindowEndsAt,
    OfficerRow Officer, IReadOnlyList<CategorySubtotal> Subtotals, IReadOnlyList<ExplainedLine> Lines, IReadOnlyList<AppealSummary> Appeals,
    int PublicationNumber, Guid? PublishedRunId, bool HasUnpublishedChanges);

/// <summary>One officer's result for a period with every point explained and the records behind it.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor, Role.Officer)]
public sealed record OfficerExplanation(long OfficerId, string Period) : IRequest<OfficerResultView>, IOfficerScoped
{
    long? IOfficerScoped.OfficerId => OfficerId;
}

internal sealed class OfficerExplanationHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<OfficerExplanation, OfficerResultView>
{
    public async ValueTask<OfficerResultView> Handle(OfficerExplanation request, CancellationToken cancellationToken)
    {
        var (run, assessment) = await PublishedResults.CurrentAsync(db, PublishedResults.ParsePeriod(request.Period), cancellationToken);
        var result = await db.OfficerResults.AsNoTracking().SingleOrDefaultAsync(r => r.RunId == run.Id && r.OfficerId == request.OfficerId, cancellationToken);
        if (result is null || !await actor.CanReachUnitAsync(result.SquadId, cancellationToken))
            throw new NotFoundException("OfficerHasNoResultInScope", $"Officer {request.OfficerId} has no result for {run.Period} within your scope.", request.OfficerId, run.Period);
        var row = (await OfficerRows.QueryAsync(db, actor, run.Id, null, result.SquadId, cancellationToken)).Single(r => r.OfficerId == request.OfficerId);
        var lines = new List<ExplainedLine>();
        foreach (var line in result.Lines)
        {
            using var parameters = JsonDocument.Parse(line.ParametersJson);
            lines.Add(new ExplainedLine(line.RuleName, line.Title, line.Category, line.Points, parameters.RootElement.Clone(),
                await EvidenceAsync(db, line, cancellationToken)));
        }
        // Appeals belong to the period's assessment, not to a run: they stay visible after every re-run.
        var appeals = await db.Appeals.AsNoTracking().Where(a => a.AssessmentId == assessment.Id && a.OfficerId == request.OfficerId).OrderBy(a => a.FiledAt).ToListAsync(cancellationToken);
        return new OfficerResultView(run.Id, run.Period.Key, assessment.Publication.ToString(), assessment.AppealWindowEndsAt, row, [.. result.Subtotals], lines,
            appeals.Select(a => new AppealSummary(a.Id, a.RuleName, a.Statement, a.Status.ToString(), a.FiledAt, a.DecisionReason, a.AdjustedPoints, a.PublicationNumber)).ToList(),
            assessment.PublicationNumber, assessment.PublishedRunId, assessment.HasUnpublishedChanges);
    }

    /// <summary>The fact records a rule line names, read from the list it came from; the squad drill-down reads officers' facts the same way.</summary>
    internal static async Task<IReadOnlyList<EvidenceRecord>> EvidenceAsync(AssessmentDbContext db, RuleLine line, CancellationToken cancellationToken)
    {
        if (line.EvidenceIds.Count == 0)
            return [];
        var ids = line.EvidenceIds.ToList();
        return line.EvidenceSource?.ToUpperInvariant() switch
        {
            "ENFORCEMENTS" => (await db.EnforcementActions.AsNoTracking().Where(f => ids.Contains(f.Id)).OrderBy(f => f.OccurredAt).ToListAsync(cancellationToken))
                .Select(f => Record(f.Id, "enforcement", f.OccurredAt, ("externalId", f.ExternalId), ("code", f.Code), ("hasFootage", f.HasFootage), ("uploadDelayHours", f.UploadDelayHours), ("penaltyIssued", f.PenaltyIssued), ("penaltyDecisionNumber", f.PenaltyDecisionNumber))).ToList(),
            "CASES" => (await db.Cases.AsNoTracking().Where(f => ids.Contains(f.Id)).OrderBy(f => f.AcceptedAt).ToListAsync(cancellationToken))
                .Select(f => Record(f.Id, "case", f.AcceptedAt, ("externalId", f.ExternalId), ("kind", f.Kind), ("deadlineAt", f.DeadlineAt), ("closedAt", f.ClosedAt))).ToList(),
            "ATTENDANCE" => (await db.AttendanceDays.AsNoTracking().Where(f => ids.Contains(f.Id)).OrderBy(f => f.Day).ToListAsync(cancellationToken))
                .Select(f => Record(f.Id, "attendance", null, ("externalId", f.ExternalId), ("day", f.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("status", f.Status), ("minutesLate", f.MinutesLate))).ToList(),
            "SHIFTS" => (await db.Shifts.AsNoTracking().Where(f => ids.Contains(f.Id)).OrderBy(f => f.Start).ToListAsync(cancellationToken))
                .Select(f => Record(f.Id, "shift", f.Start, ("externalId", f.ExternalId), ("post", f.Post), ("hours", f.Hours), ("signedIn", f.SignedIn), ("offPost", f.OffPost))).ToList(),
            "INCIDENTS" => (await db.DisciplineIncidents.AsNoTracking().Where(f => ids.Contains(f.Id)).OrderBy(f => f.OccurredAt).ToListAsync(cancellationToken))
                .Select(f => Record(f.Id, "incident", f.OccurredAt, ("externalId", f.ExternalId), ("code", f.Code), ("status", f.Status.ToString()))).ToList(),
            "COMPLAINTS" => (await db.Complaints.AsNoTracking().Where(f => ids.Contains(f.Id)).OrderBy(f => f.ReceivedAt).ToListAsync(cancellationToken))
                .Select(f => Record(f.Id, "complaint", f.ReceivedAt, ("externalId", f.ExternalId), ("status", f.Status.ToString()), ("finding", f.Finding))).ToList(),
            "COMMENDATIONS" => (await db.Commendations.AsNoTracking().Where(f => ids.Contains(f.Id)).OrderBy(f => f.AwardedAt).ToListAsync(cancellationToken))
                .Select(f => Record(f.Id, "commendation", f.AwardedAt, ("externalId", f.ExternalId), ("level", f.Level))).ToList(),
            "ADJUSTMENTS" => (await db.ManualAdjustments.AsNoTracking().Where(f => ids.Contains(f.Id)).OrderBy(f => f.MadeAt).ToListAsync(cancellationToken))
                .Select(f => Record(f.Id, "adjustment", f.MadeAt, ("ruleName", f.RuleName), ("points", f.Points), ("reason", f.Reason), ("author", f.Author))).ToList(),
            _ => ids.Select(id => new EvidenceRecord(id, line.EvidenceSource ?? "record", null, new Dictionary<string, object?>())).ToList(),
        };
    }

    private static EvidenceRecord Record(long id, string kind, DateTimeOffset? at, params (string Name, object? Value)[] fields) =>
        new(id, kind, at, fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal));
}
