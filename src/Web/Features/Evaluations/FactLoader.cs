using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Evaluations;

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
    /// Loads a brigade's officers with the view of the period each is scored on. With <paramref name="watermarks"/> (a
    /// run's data cut-off) only records that were stored when the run was queued are read; without, everything stored
    /// now (dry runs). The roster comes through EF; the fact rows, most of a run's reading, through <see cref="FactRows"/>
    /// straight into the views, only the columns they show (docs/adr/0037).
    /// </summary>
    public async Task<BrigadeMonth> LoadAsync(Unit brigade, AssessmentPeriod period, IReadOnlyCollection<FactWatermark>? watermarks = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brigade);
        long Max(string table) => watermarks?.FirstOrDefault(w => w.Fact == table)?.MaxId ?? long.MaxValue;
        var squads = await db.Units.AsNoTracking().Where(u => u.ParentId == brigade.Id && u.Kind == UnitKind.Squad).OrderBy(u => u.Code).ToListAsync(cancellationToken);
        var squadIds = squads.Select(s => s.Id).ToList();
        var firstDay = period.FirstDay;
        var lastDay = period.LastDay;
        var officers = await db.Officers.AsNoTracking()
            .Where(o => squadIds.Contains(o.SquadId) && o.JoinedOn <= lastDay && (o.LeftOn == null || o.LeftOn > firstDay))
            .OrderBy(o => o.Id)
            .ToListAsync(cancellationToken);
        // Facts of officers outside the brigade's active roster are skipped unread (fact tables carry no foreign key).
        var sizes = new OfficerMonthRows.ListSizes();
        var roster = officers.ToDictionary(o => o.Id, _ => new OfficerMonthRows(sizes));
        // Rows mostly come grouped by officer (stored so), so the last officer found is usually the next one's.
        var (lastId, last) = (long.MinValue, (OfficerMonthRows?)null);
        OfficerMonthRows? RowsOf(FactRow row)
        {
            if (row.OfficerId != lastId)
                (lastId, last) = (row.OfficerId, roster.GetValueOrDefault(row.OfficerId));
            return last;
        }
        var unitIndicators = 0;
        var start = period.StartInstant;
        var end = period.EndInstant;
        var complaintsFrom = end.AddDays(-ComplaintLookbackDays);
        await using var rows = await FactRows.OpenAsync(db, cancellationToken);
        var ids = FactRows.Ids(officers.Select(o => o.Id));
        var squadList = FactRows.Ids(squadIds);
        string Of(string table) => $"id <= {Max(table)} AND officer_id IN {ids}";
        var (from, to, complaintsSince) = (rows.Instant(start), rows.Instant(end), rows.Instant(complaintsFrom));

        await rows.ReadAsync(
            $"SELECT officer_id, id, code, occurred_at, has_footage, upload_delay_hours, penalty_issued FROM {EnforcementTable} WHERE {Of(EnforcementTable)} AND occurred_at >= {from} AND occurred_at < {to}",
            r => RowsOf(r)?.AddEnforcement(r), cancellationToken);
        // A case matters while it is open during the period or when it closed in it; earlier overdue cases count too.
        await rows.ReadAsync(
            $"SELECT officer_id, id, kind, accepted_at, deadline_at, closed_at FROM {CaseTable} WHERE {Of(CaseTable)} AND accepted_at < {to} AND (closed_at IS NULL OR closed_at >= {from})",
            r => RowsOf(r)?.AddCase(r), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, day, status, minutes_late FROM {AttendanceTable} WHERE {Of(AttendanceTable)} AND day >= {rows.Day(firstDay)} AND day <= {rows.Day(lastDay)}",
            r => RowsOf(r)?.AddAttendance(r), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, post, start, hours, signed_in, off_post FROM {ShiftTable} WHERE {Of(ShiftTable)} AND start >= {from} AND start < {to}",
            r => RowsOf(r)?.AddShift(r), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, code, occurred_at, status FROM {IncidentTable} WHERE {Of(IncidentTable)} AND occurred_at >= {from} AND occurred_at < {to}",
            r => RowsOf(r)?.AddIncident(r), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, received_at, status FROM {ComplaintTable} WHERE {Of(ComplaintTable)} AND received_at >= {complaintsSince} AND received_at < {to}",
            r => RowsOf(r)?.AddComplaint(r, start), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, level, awarded_at FROM {CommendationTable} WHERE {Of(CommendationTable)} AND awarded_at >= {from} AND awarded_at < {to}",
            r => RowsOf(r)?.AddCommendation(r), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, name, taken_at, score, passed FROM {TrainingTable} WHERE {Of(TrainingTable)} AND taken_at >= {from} AND taken_at < {to}",
            r => RowsOf(r)?.AddTraining(r), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, rule_name, points, reason FROM {AdjustmentTable} WHERE {Of(AdjustmentTable)} AND period = '{period.Key}'",
            r => RowsOf(r)?.AddAdjustment(r), cancellationToken);
        // Squads' own indicators are counted as read; the officer schemes see only the officer's.
        await rows.ReadAsync(
            $"SELECT officer_id, id, name, value FROM {IndicatorTable} WHERE id <= {Max(IndicatorTable)} AND period = '{period.Key}' AND (officer_id IN {ids} OR unit_id IN {squadList}) ORDER BY id",
            r =>
            {
                if (r.OfficerIdOrNull is null)
                    unitIndicators++;
                else
                    RowsOf(r)?.AddIndicator(r);
            },
            cancellationToken);

        var placements = new BrigadeMonth.Placements(brigade, squads, officers);
        var inputs = officers.Select(o => new OfficerInput(o, roster[o.Id].ToMonth(o, placements.Of(o)))).ToList();
        return new BrigadeMonth(brigade, squads, inputs, roster.Values.Sum(r => (long)r.Rows) + unitIndicators);
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
}
