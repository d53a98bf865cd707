using System.Globalization;
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
    /// were stored when the run was queued are read; without, everything stored now (dry runs). The roster comes through
    /// EF; the fact rows, most of a run's reading, through <see cref="FactRows"/> straight into the domain objects.
    /// </summary>
    public async Task<BrigadeFacts> LoadAsync(Unit brigade, AssessmentPeriod period, IReadOnlyCollection<FactWatermark>? watermarks = null, CancellationToken cancellationToken = default)
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
        var byOfficer = officers.ToDictionary(o => o.Id, o => new OfficerFacts(o));
        var unitIndicators = new List<ImportedIndicator>();
        var start = period.StartInstant;
        var end = period.EndInstant;
        var complaintsFrom = end.AddDays(-ComplaintLookbackDays);
        await using var rows = await FactRows.OpenAsync(db, cancellationToken);
        var ids = FactRows.Ids(officers.Select(o => o.Id));
        var squadList = FactRows.Ids(squadIds);
        string Of(string table) => $"id <= {Max(table)} AND officer_id IN {ids}";
        var (from, to, complaintsSince) = (rows.Instant(start), rows.Instant(end), rows.Instant(complaintsFrom));

        await rows.ReadAsync(
            $"SELECT officer_id, id, external_id, code, occurred_at, has_footage, upload_delay_hours, penalty_issued, penalty_decision_number FROM {EnforcementTable} WHERE {Of(EnforcementTable)} AND occurred_at >= {from} AND occurred_at < {to}",
            r => new EnforcementAction(r.Id, r.OfficerId, r.Text(), r.Code(), r.Instant(), r.Bool(), r.NullableDouble(), r.Bool(), r.NullableText()),
            f => Add(byOfficer, f.OfficerId, f, x => x.Enforcements), cancellationToken);
        // A case matters while it is open during the period or when it closed in it; earlier overdue cases count too.
        await rows.ReadAsync(
            $"SELECT officer_id, id, external_id, kind, accepted_at, deadline_at, closed_at FROM {CaseTable} WHERE {Of(CaseTable)} AND accepted_at < {to} AND (closed_at IS NULL OR closed_at >= {from})",
            r => new Case(r.Id, r.OfficerId, r.Text(), r.Code(), r.Instant(), r.Instant(), r.NullableInstant()),
            f => Add(byOfficer, f.OfficerId, f, x => x.Cases), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, external_id, day, status, minutes_late FROM {AttendanceTable} WHERE {Of(AttendanceTable)} AND day >= {rows.Day(firstDay)} AND day <= {rows.Day(lastDay)}",
            r => new AttendanceDay(r.Id, r.OfficerId, r.Text(), r.Day(), r.Code(), r.Int()),
            f => Add(byOfficer, f.OfficerId, f, x => x.Attendance), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, external_id, post, start, hours, signed_in, off_post FROM {ShiftTable} WHERE {Of(ShiftTable)} AND start >= {from} AND start < {to}",
            r => new Shift(r.Id, r.OfficerId, r.Text(), r.Code(), r.Instant(), r.Double(), r.Bool(), r.Bool()),
            f => Add(byOfficer, f.OfficerId, f, x => x.Shifts), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, external_id, code, occurred_at, status, dismissal_reason FROM {IncidentTable} WHERE {Of(IncidentTable)} AND occurred_at >= {from} AND occurred_at < {to}",
            ReadIncident,
            f => Add(byOfficer, f.OfficerId, f, x => x.Incidents), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, external_id, received_at, status, finding FROM {ComplaintTable} WHERE {Of(ComplaintTable)} AND received_at >= {complaintsSince} AND received_at < {to}",
            ReadComplaint,
            f => Add(byOfficer, f.OfficerId, f, x => x.Complaints), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, external_id, level, awarded_at FROM {CommendationTable} WHERE {Of(CommendationTable)} AND awarded_at >= {from} AND awarded_at < {to}",
            r => new Commendation(r.Id, r.OfficerId, r.Text(), r.Code(), r.Instant()),
            f => Add(byOfficer, f.OfficerId, f, x => x.Commendations), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, external_id, name, taken_at, score, passed FROM {TrainingTable} WHERE {Of(TrainingTable)} AND taken_at >= {from} AND taken_at < {to}",
            r => new TrainingResult(r.Id, r.OfficerId, r.Text(), r.Code(), r.Instant(), r.Double(), r.Bool()),
            f => Add(byOfficer, f.OfficerId, f, x => x.Trainings), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, external_id, period, rule_name, points, reason, author, made_at, source_appeal_id FROM {AdjustmentTable} WHERE {Of(AdjustmentTable)} AND period = '{period.Key}'",
            r => new ManualAdjustment(r.Id, r.Text(), r.OfficerId, AssessmentPeriod.Parse(r.Text(), CultureInfo.InvariantCulture), r.Text(), r.Double(), r.Text(), r.Text(), r.Instant(), r.NullableGuid()),
            f => Add(byOfficer, f.OfficerId, f, x => x.Adjustments), cancellationToken);
        await rows.ReadAsync(
            $"SELECT officer_id, id, external_id, unit_id, period, name, value, imported_at FROM {IndicatorTable} WHERE id <= {Max(IndicatorTable)} AND period = '{period.Key}' AND (officer_id IN {ids} OR unit_id IN {squadList}) ORDER BY id",
            ReadIndicator,
            f =>
            {
                if (f.OfficerId is { } officerId)
                    Add(byOfficer, officerId, f, x => x.Indicators);
                else
                    unitIndicators.Add(f);
            },
            cancellationToken);

        foreach (var facts in byOfficer.Values)
            InStoredOrder(facts);
        return new BrigadeFacts(brigade, squads, [.. byOfficer.Values.OrderBy(f => f.Officer.Id)], unitIndicators);
    }

    /// <summary>
    /// Puts an officer's facts in the order rules see them (by time, then id; adjustments and indicators by id). The
    /// queries leave ordering to this: sorting an officer's few dozen rows here costs less than the database sorting a
    /// brigade's (docs/adr/0035).
    /// </summary>
    private static void InStoredOrder(OfficerFacts facts)
    {
        InOrder(facts.Enforcements, static (a, b) => ByTime(a.OccurredAt, a.Id, b.OccurredAt, b.Id));
        InOrder(facts.Cases, static (a, b) => ByTime(a.AcceptedAt, a.Id, b.AcceptedAt, b.Id));
        InOrder(facts.Attendance, static (a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : a.Id.CompareTo(b.Id));
        InOrder(facts.Shifts, static (a, b) => ByTime(a.Start, a.Id, b.Start, b.Id));
        InOrder(facts.Incidents, static (a, b) => ByTime(a.OccurredAt, a.Id, b.OccurredAt, b.Id));
        InOrder(facts.Complaints, static (a, b) => ByTime(a.ReceivedAt, a.Id, b.ReceivedAt, b.Id));
        InOrder(facts.Commendations, static (a, b) => ByTime(a.AwardedAt, a.Id, b.AwardedAt, b.Id));
        InOrder(facts.Trainings, static (a, b) => ByTime(a.TakenAt, a.Id, b.TakenAt, b.Id));
        InOrder(facts.Adjustments, static (a, b) => a.Id.CompareTo(b.Id));
    }

    private static int ByTime(DateTimeOffset a, long aId, DateTimeOffset b, long bId)
    {
        var byTime = a.UtcTicks.CompareTo(b.UtcTicks);
        return byTime != 0 ? byTime : aId.CompareTo(bId);
    }

    /// <summary>Sorts only a list that is out of order: most arrive in order (stored by time), and checking is one pass.</summary>
    private static void InOrder<T>(List<T> list, Comparison<T> order)
    {
        for (var i = 1; i < list.Count; i++)
        {
            if (order(list[i - 1], list[i]) > 0)
            {
                list.Sort(order);
                return;
            }
        }
    }

    private static DisciplineIncident ReadIncident(FactRow r)
    {
        var incident = new DisciplineIncident(r.Id, r.OfficerId, r.Text(), r.Code(), r.Instant());
        var status = Enum.Parse<IncidentStatus>(r.Text());
        var reason = r.NullableText();
        if (status == IncidentStatus.Verified)
            incident.Verify();
        else if (status == IncidentStatus.Dismissed)
            incident.Dismiss(reason ?? string.Empty);
        return incident;
    }

    private static Complaint ReadComplaint(FactRow r)
    {
        var complaint = new Complaint(r.Id, r.OfficerId, r.Text(), r.Instant());
        var status = Enum.Parse<ComplaintStatus>(r.Text());
        var finding = r.NullableText();
        if (status == ComplaintStatus.Verified)
            complaint.Verify(finding ?? string.Empty);
        else if (status == ComplaintStatus.Unfounded)
            complaint.MarkUnfounded(finding ?? string.Empty);
        return complaint;
    }

    private static ImportedIndicator ReadIndicator(FactRow r)
    {
        var (officerId, id, externalId, unitId) = (r.OfficerIdOrNull, r.Id, r.Text(), r.NullableLong());
        var (period, name, value, importedAt) = (AssessmentPeriod.Parse(r.Text(), CultureInfo.InvariantCulture), r.Code(), r.Double(), r.Instant());
        return unitId is { } unit && officerId is null
            ? ImportedIndicator.ForUnit(id, externalId, unit, period, name, value, importedAt)
            : ImportedIndicator.ForOfficer(id, externalId, officerId!.Value, period, name, value, importedAt);
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

    private static void Add<TFact>(Dictionary<long, OfficerFacts> byOfficer, long officerId, TFact fact, Func<OfficerFacts, List<TFact>> list)
    {
        // Facts of officers outside the brigade's active roster are ignored (fact tables carry no foreign key).
        if (byOfficer.TryGetValue(officerId, out var facts))
            list(facts).Add(fact);
    }
}
