using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>One brigade's officers with the facts of a period, ready for the schemes.</summary>
public sealed record BrigadeFacts(Unit Brigade, IReadOnlyList<Unit> Squads, IReadOnlyList<OfficerFacts> Officers, IReadOnlyList<ImportedIndicator> UnitIndicators)
{
    public long RowCount => Officers.Sum(o => (long)o.RowCount) + UnitIndicators.Count;
}

/// <summary>
/// Reads the facts of a period one brigade at a time (the whole detachment is never in memory), in a stable order so
/// that list-order-sensitive rules (First, Last, Take) give the same result on every run and provider.
/// </summary>
public sealed class FactLoader(AssessmentDbContext db)
{
    /// <summary>Complaints of the 90 days before the period end count for repeat-complaint rules.</summary>
    private const int ComplaintLookbackDays = 90;

    public async Task<IReadOnlyList<Unit>> BrigadesAsync(CancellationToken cancellationToken = default) =>
        await db.Units.AsNoTracking().Where(u => u.Kind == UnitKind.Brigade).OrderBy(u => u.Code).ToListAsync(cancellationToken);

    /// <summary>The highest id of every kind of fact now stored: a run's data cut-off, fixed when it is queued.</summary>
    public async Task<List<FactWatermark>> WatermarksAsync(CancellationToken cancellationToken = default) =>
    [
        new(EnforcementTable, await db.EnforcementActions.MaxAsync(f => (long?)f.Id, cancellationToken) ?? 0),
        new(CaseTable, await db.Cases.MaxAsync(f => (long?)f.Id, cancellationToken) ?? 0),
        new(AttendanceTable, await db.AttendanceDays.MaxAsync(f => (long?)f.Id, cancellationToken) ?? 0),
        new(ShiftTable, await db.Shifts.MaxAsync(f => (long?)f.Id, cancellationToken) ?? 0),
        new(IncidentTable, await db.DisciplineIncidents.MaxAsync(f => (long?)f.Id, cancellationToken) ?? 0),
        new(ComplaintTable, await db.Complaints.MaxAsync(f => (long?)f.Id, cancellationToken) ?? 0),
        new(CommendationTable, await db.Commendations.MaxAsync(f => (long?)f.Id, cancellationToken) ?? 0),
        new(TrainingTable, await db.TrainingResults.MaxAsync(f => (long?)f.Id, cancellationToken) ?? 0),
        new(IndicatorTable, await db.ImportedIndicators.MaxAsync(f => (long?)f.Id, cancellationToken) ?? 0),
        new(AdjustmentTable, await db.ManualAdjustments.MaxAsync(f => (long?)f.Id, cancellationToken) ?? 0),
    ];

    private const string EnforcementTable = "enforcement_actions";
    private const string CaseTable = "cases";
    private const string AttendanceTable = "attendance_days";
    private const string ShiftTable = "shifts";
    private const string IncidentTable = "discipline_incidents";
    private const string ComplaintTable = "complaints";
    private const string CommendationTable = "commendations";
    private const string TrainingTable = "training_results";
    private const string IndicatorTable = "imported_indicators";
    private const string AdjustmentTable = "manual_adjustments";

    /// <summary>
    /// Loads a brigade's facts of the period. With <paramref name="watermarks"/> (a run's data cut-off) only records that
    /// were stored when the run was queued are read; without, everything stored now (dry runs).
    /// </summary>
    public async Task<BrigadeFacts> LoadAsync(Unit brigade, AssessmentPeriod period, IReadOnlyCollection<FactWatermark>? watermarks = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brigade);
        long Max(string table) => watermarks?.FirstOrDefault(w => w.Fact == table)?.MaxId ?? long.MaxValue;
        var (maxEnforcement, maxCase, maxAttendance, maxShift, maxIncident) = (Max(EnforcementTable), Max(CaseTable), Max(AttendanceTable), Max(ShiftTable), Max(IncidentTable));
        var (maxComplaint, maxCommendation, maxTraining, maxIndicator, maxAdjustment) = (Max(ComplaintTable), Max(CommendationTable), Max(TrainingTable), Max(IndicatorTable), Max(AdjustmentTable));
        var squads = await db.Units.AsNoTracking().Where(u => u.ParentId == brigade.Id && u.Kind == UnitKind.Squad).OrderBy(u => u.Code).ToListAsync(cancellationToken);
        var squadIds = squads.Select(s => s.Id).ToList();
        var firstDay = period.FirstDay;
        var lastDay = period.LastDay;
        var officers = await db.Officers.AsNoTracking()
            .Where(o => squadIds.Contains(o.SquadId) && o.JoinedOn <= lastDay && (o.LeftOn == null || o.LeftOn > firstDay))
            .OrderBy(o => o.Id)
            .ToListAsync(cancellationToken);
        var ids = officers.Select(o => o.Id).ToList();
        var byOfficer = officers.ToDictionary(o => o.Id, o => new OfficerFacts(o));
        var start = period.StartInstant;
        var end = period.EndInstant;
        var complaintsFrom = end.AddDays(-ComplaintLookbackDays);

        Fill(byOfficer, await db.EnforcementActions.AsNoTracking().Where(f => f.Id <= maxEnforcement && (ids.Contains(f.OfficerId) && f.OccurredAt >= start && f.OccurredAt < end)).OrderBy(f => f.OccurredAt).ThenBy(f => f.Id).ToListAsync(cancellationToken), f => f.OfficerId, x => x.Enforcements);
        // A case matters while it is open during the period or when it closed in it; earlier overdue cases count too.
        Fill(byOfficer, await db.Cases.AsNoTracking().Where(f => f.Id <= maxCase && (ids.Contains(f.OfficerId) && f.AcceptedAt < end && (f.ClosedAt == null || f.ClosedAt >= start))).OrderBy(f => f.AcceptedAt).ThenBy(f => f.Id).ToListAsync(cancellationToken), f => f.OfficerId, x => x.Cases);
        Fill(byOfficer, await db.AttendanceDays.AsNoTracking().Where(f => f.Id <= maxAttendance && (ids.Contains(f.OfficerId) && f.Day >= firstDay && f.Day <= lastDay)).OrderBy(f => f.Day).ThenBy(f => f.Id).ToListAsync(cancellationToken), f => f.OfficerId, x => x.Attendance);
        Fill(byOfficer, await db.Shifts.AsNoTracking().Where(f => f.Id <= maxShift && (ids.Contains(f.OfficerId) && f.Start >= start && f.Start < end)).OrderBy(f => f.Start).ThenBy(f => f.Id).ToListAsync(cancellationToken), f => f.OfficerId, x => x.Shifts);
        Fill(byOfficer, await db.DisciplineIncidents.AsNoTracking().Where(f => f.Id <= maxIncident && (ids.Contains(f.OfficerId) && f.OccurredAt >= start && f.OccurredAt < end)).OrderBy(f => f.OccurredAt).ThenBy(f => f.Id).ToListAsync(cancellationToken), f => f.OfficerId, x => x.Incidents);
        Fill(byOfficer, await db.Complaints.AsNoTracking().Where(f => f.Id <= maxComplaint && (ids.Contains(f.OfficerId) && f.ReceivedAt >= complaintsFrom && f.ReceivedAt < end)).OrderBy(f => f.ReceivedAt).ThenBy(f => f.Id).ToListAsync(cancellationToken), f => f.OfficerId, x => x.Complaints);
        Fill(byOfficer, await db.Commendations.AsNoTracking().Where(f => f.Id <= maxCommendation && (ids.Contains(f.OfficerId) && f.AwardedAt >= start && f.AwardedAt < end)).OrderBy(f => f.AwardedAt).ThenBy(f => f.Id).ToListAsync(cancellationToken), f => f.OfficerId, x => x.Commendations);
        Fill(byOfficer, await db.TrainingResults.AsNoTracking().Where(f => f.Id <= maxTraining && (ids.Contains(f.OfficerId) && f.TakenAt >= start && f.TakenAt < end)).OrderBy(f => f.TakenAt).ThenBy(f => f.Id).ToListAsync(cancellationToken), f => f.OfficerId, x => x.Trainings);
        Fill(byOfficer, await db.ManualAdjustments.AsNoTracking().Where(f => f.Id <= maxAdjustment && (ids.Contains(f.OfficerId) && f.Period == period)).OrderBy(f => f.Id).ToListAsync(cancellationToken), f => f.OfficerId, x => x.Adjustments);
        var indicators = await db.ImportedIndicators.AsNoTracking().Where(f => f.Id <= maxIndicator && (f.Period == period && ((f.OfficerId != null && ids.Contains(f.OfficerId.Value)) || (f.UnitId != null && squadIds.Contains(f.UnitId.Value))))).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        Fill(byOfficer, indicators.Where(i => i.OfficerId is not null), f => f.OfficerId!.Value, x => x.Indicators);

        return new BrigadeFacts(brigade, squads, [.. byOfficer.Values.OrderBy(f => f.Officer.Id)], [.. indicators.Where(i => i.UnitId is not null)]);
    }

    /// <summary>Those of <paramref name="lists"/> (names of <see cref="OfficerFacts"/> lists) with no record of the period in the whole detachment.</summary>
    public async Task<IReadOnlyList<string>> ListsWithoutFactsAsync(AssessmentPeriod period, IReadOnlyCollection<string> lists, IReadOnlyCollection<FactWatermark> watermarks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lists);
        long Max(string table) => watermarks?.FirstOrDefault(w => w.Fact == table)?.MaxId ?? long.MaxValue;
        var (start, end, firstDay, lastDay) = (period.StartInstant, period.EndInstant, period.FirstDay, period.LastDay);
        var complaintsFrom = end.AddDays(-ComplaintLookbackDays);
        var (maxEnforcement, maxCase, maxAttendance, maxShift, maxIncident) = (Max(EnforcementTable), Max(CaseTable), Max(AttendanceTable), Max(ShiftTable), Max(IncidentTable));
        var (maxComplaint, maxCommendation, maxTraining) = (Max(ComplaintTable), Max(CommendationTable), Max(TrainingTable));
        var missing = new List<string>();
        foreach (var list in lists)
        {
            var any = list switch
            {
                FactLists.Enforcements => await db.EnforcementActions.AnyAsync(f => f.Id <= maxEnforcement && f.OccurredAt >= start && f.OccurredAt < end, cancellationToken),
                FactLists.Cases => await db.Cases.AnyAsync(f => f.Id <= maxCase && f.AcceptedAt < end && (f.ClosedAt == null || f.ClosedAt >= start), cancellationToken),
                FactLists.Attendance => await db.AttendanceDays.AnyAsync(f => f.Id <= maxAttendance && f.Day >= firstDay && f.Day <= lastDay, cancellationToken),
                FactLists.Shifts => await db.Shifts.AnyAsync(f => f.Id <= maxShift && f.Start >= start && f.Start < end, cancellationToken),
                FactLists.Incidents => await db.DisciplineIncidents.AnyAsync(f => f.Id <= maxIncident && f.OccurredAt >= start && f.OccurredAt < end, cancellationToken),
                FactLists.Complaints => await db.Complaints.AnyAsync(f => f.Id <= maxComplaint && f.ReceivedAt >= complaintsFrom && f.ReceivedAt < end, cancellationToken),
                FactLists.Commendations => await db.Commendations.AnyAsync(f => f.Id <= maxCommendation && f.AwardedAt >= start && f.AwardedAt < end, cancellationToken),
                FactLists.Trainings => await db.TrainingResults.AnyAsync(f => f.Id <= maxTraining && f.TakenAt >= start && f.TakenAt < end, cancellationToken),
                _ => true,
            };
            if (!any)
                missing.Add(list);
        }
        return missing;
    }

    private static void Fill<TFact>(Dictionary<long, OfficerFacts> byOfficer, IEnumerable<TFact> rows, Func<TFact, long> officerOf, Func<OfficerFacts, List<TFact>> list)
    {
        foreach (var row in rows)
        {
            // Facts of officers outside the brigade's active roster are ignored (fact tables carry no foreign key).
            if (byOfficer.TryGetValue(officerOf(row), out var facts))
                list(facts).Add(row);
        }
    }
}
