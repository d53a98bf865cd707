using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// One officer's <see cref="OfficerMonth"/> built straight from the fact rows <see cref="FactLoader"/> reads, with what
/// <see cref="OfficerMonthProjection"/> does to domain facts: instants made local once, dismissed incidents dropped,
/// complaints of the 90-day window counted, shifts summed into duty hours, lists in (time, id) order (docs/adr/0037).
/// Each Add reads the columns its query selects after (officer_id, id), in that order.
/// </summary>
internal sealed class OfficerMonthRows(OfficerMonthRows.ListSizes sizes)
{
    private readonly ListSizes _sizes = sizes;
    private readonly List<EnforcementView> _enforcements = [];
    private readonly List<CaseView> _cases = [];
    private readonly List<AttendanceView> _attendance = [];
    private readonly List<ShiftView> _shifts = [];
    private readonly List<IncidentView> _incidents = [];
    private readonly List<ComplaintView> _complaints = [];
    private readonly List<CommendationView> _commendations = [];
    private readonly List<AdjustmentView> _adjustments = [];

    // A training's view has no time, so its instant is kept beside it for the order.
    private readonly List<(long Ticks, TrainingView View)> _trainings = [];
    private Dictionary<string, double>? _indicators;
    private int _verified90;
    private int _unverified90;
    private Order _enforcementOrder;
    private Order _caseOrder;
    private Order _attendanceOrder;
    private Order _shiftOrder;
    private Order _incidentOrder;
    private Order _complaintOrder;
    private Order _commendationOrder;
    private Order _trainingOrder;
    private Order _adjustmentOrder;

    /// <summary>Rows read for this officer, whether or not the view shows them (dismissed incidents, earlier complaints).</summary>
    public int Rows { get; private set; }

    /// <summary>code, occurred_at, has_footage, upload_delay_hours, penalty_issued.</summary>
    public void AddEnforcement(FactRow r)
    {
        var (id, code, at) = (r.Id, r.Code(), r.Instant());
        _enforcementOrder.Next(at.UtcTicks, id);
        Append(_enforcements, new EnforcementView
        {
            Id = id,
            Code = code,
            At = ShanghaiTime.ToLocal(at),
            HasFootage = r.Bool(),
            UploadDelayHours = r.NullableDouble() ?? 0,
            PenaltyIssued = r.Bool(),
        }, ref _sizes.Enforcements);
        Rows++;
    }

    /// <summary>kind, accepted_at, deadline_at, closed_at.</summary>
    public void AddCase(FactRow r)
    {
        var (id, kind, accepted) = (r.Id, r.Code(), r.Instant());
        _caseOrder.Next(accepted.UtcTicks, id);
        Append(_cases, new CaseView
        {
            Id = id,
            Kind = kind,
            AcceptedAt = ShanghaiTime.ToLocal(accepted),
            DeadlineAt = ShanghaiTime.ToLocal(r.Instant()),
            ClosedAt = ShanghaiTime.ToLocal(r.NullableInstant()),
        }, ref _sizes.Cases);
        Rows++;
    }

    /// <summary>day, status, minutes_late.</summary>
    public void AddAttendance(FactRow r)
    {
        var (id, day) = (r.Id, r.Day().ToDateTime(TimeOnly.MinValue));
        _attendanceOrder.Next(day.Ticks, id);
        Append(_attendance, new AttendanceView { Id = id, Day = day, Status = r.Code(), MinutesLate = r.Int() }, ref _sizes.Attendance);
        Rows++;
    }

    /// <summary>post, start, hours, signed_in, off_post.</summary>
    public void AddShift(FactRow r)
    {
        var (id, post, start) = (r.Id, r.Code(), r.Instant());
        _shiftOrder.Next(start.UtcTicks, id);
        Append(_shifts, new ShiftView { Id = id, Post = post, Start = ShanghaiTime.ToLocal(start), Hours = r.Double(), SignedIn = r.Bool(), OffPost = r.Bool() }, ref _sizes.Shifts);
        Rows++;
    }

    /// <summary>code, occurred_at, status.</summary>
    public void AddIncident(FactRow r)
    {
        Rows++;
        var (id, code, at, status) = (r.Id, r.Code(), r.Instant(), Enum.Parse<IncidentStatus>(r.Code()));
        if (status == IncidentStatus.Dismissed)
            return;
        _incidentOrder.Next(at.UtcTicks, id);
        Append(_incidents, new IncidentView { Id = id, Code = code, At = ShanghaiTime.ToLocal(at), Verified = status == IncidentStatus.Verified }, ref _sizes.Incidents);
    }

    /// <summary>received_at, status; a complaint of the 90-day window before <paramref name="periodStart"/> is only counted.</summary>
    public void AddComplaint(FactRow r, DateTimeOffset periodStart)
    {
        Rows++;
        var (id, at, verified) = (r.Id, r.Instant(), Enum.Parse<ComplaintStatus>(r.Code()) == ComplaintStatus.Verified);
        if (verified)
            _verified90++;
        else
            _unverified90++;
        if (at < periodStart)
            return;
        _complaintOrder.Next(at.UtcTicks, id);
        Append(_complaints, new ComplaintView { Id = id, At = ShanghaiTime.ToLocal(at), Verified = verified }, ref _sizes.Complaints);
    }

    /// <summary>level, awarded_at.</summary>
    public void AddCommendation(FactRow r)
    {
        var (id, level, at) = (r.Id, r.Code(), r.Instant());
        _commendationOrder.Next(at.UtcTicks, id);
        Append(_commendations, new CommendationView { Id = id, Level = level, At = ShanghaiTime.ToLocal(at) }, ref _sizes.Commendations);
        Rows++;
    }

    /// <summary>name, taken_at, score, passed.</summary>
    public void AddTraining(FactRow r)
    {
        var (id, name, at) = (r.Id, r.Code(), r.Instant());
        _trainingOrder.Next(at.UtcTicks, id);
        Append(_trainings, (at.UtcTicks, new TrainingView { Id = id, Name = name, Score = r.Double(), Passed = r.Bool() }), ref _sizes.Trainings);
        Rows++;
    }

    /// <summary>rule_name, points, reason.</summary>
    public void AddAdjustment(FactRow r)
    {
        var id = r.Id;
        _adjustmentOrder.Next(0, id);
        Append(_adjustments, new AdjustmentView { Id = id, RuleName = r.Text(), Points = r.Double(), Reason = r.Text() }, ref _sizes.Adjustments);
        Rows++;
    }

    /// <summary>name, value; rows come in id order, so a later value of the same name wins as in the projection.</summary>
    public void AddIndicator(FactRow r)
    {
        _indicators ??= new Dictionary<string, double>(StringComparer.Ordinal);
        _indicators[r.Code()] = r.Double();
        Rows++;
    }

    /// <summary>The view, with the officer's own fields and placement; call once, after every row is read.</summary>
    public OfficerMonth ToMonth(Officer officer, OfficerPlacement placement)
    {
        ArgumentNullException.ThrowIfNull(officer);
        ArgumentNullException.ThrowIfNull(placement);
        // Local times order as the instants do (fixed +08:00 since 1991); only the daylight-saving folds before that could differ.
        SortIf(_enforcementOrder, _enforcements, static (a, b) => ByTime(a.At, a.Id, b.At, b.Id));
        SortIf(_caseOrder, _cases, static (a, b) => ByTime(a.AcceptedAt, a.Id, b.AcceptedAt, b.Id));
        SortIf(_attendanceOrder, _attendance, static (a, b) => ByTime(a.Day, a.Id, b.Day, b.Id));
        SortIf(_shiftOrder, _shifts, static (a, b) => ByTime(a.Start, a.Id, b.Start, b.Id));
        SortIf(_incidentOrder, _incidents, static (a, b) => ByTime(a.At, a.Id, b.At, b.Id));
        SortIf(_complaintOrder, _complaints, static (a, b) => ByTime(a.At, a.Id, b.At, b.Id));
        SortIf(_commendationOrder, _commendations, static (a, b) => ByTime(a.At, a.Id, b.At, b.Id));
        SortIf(_trainingOrder, _trainings, static (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.View.Id.CompareTo(b.View.Id));
        SortIf(_adjustmentOrder, _adjustments, static (a, b) => a.Id.CompareTo(b.Id));

        var dutyHours = 0.0;
        foreach (var shift in _shifts)
            dutyHours += shift.Hours;
        var trainings = new List<TrainingView>(_trainings.Count);
        foreach (var (_, view) in _trainings)
            trainings.Add(view);

        return new OfficerMonth
        {
            Id = officer.BadgeNumber,
            Name = officer.Name,
            Kind = officer.Kind.Code(),
            PostType = officer.Post.Code(),
            SquadId = placement.SquadId,
            BrigadeId = placement.BrigadeId,
            IsSquadLeader = officer.IsSquadLeader,
            SupervisorId = placement.SupervisorId,
            DutyHours = dutyHours,
            Enforcements = _enforcements,
            Cases = _cases,
            Attendance = _attendance,
            Shifts = _shifts,
            Incidents = _incidents,
            Complaints = _complaints,
            Complaints90Days = _verified90,
            UnverifiedComplaints90Days = _unverified90,
            Commendations = _commendations,
            Trainings = trainings,
            Indicators = _indicators ?? new Dictionary<string, double>(0, StringComparer.Ordinal),
            Adjustments = _adjustments,
        };
    }

    /// <summary>
    /// Adds to a list that starts at the size the same list of the officer read before reached: rows come grouped by
    /// officer, and officers of a brigade have similar months, so most lists never grow (a growth copies and discards).
    /// </summary>
    private static void Append<T>(List<T> list, T item, ref int size)
    {
        if (list.Capacity == 0)
            list.Capacity = size;
        list.Add(item);
        size = list.Count;
    }

    private static int ByTime(DateTime a, long aId, DateTime b, long bId)
    {
        var byTime = a.Ticks.CompareTo(b.Ticks);
        return byTime != 0 ? byTime : aId.CompareTo(bId);
    }

    private static void SortIf<T>(Order order, List<T> list, Comparison<T> comparison)
    {
        if (order.Disordered)
            list.Sort(comparison);
    }

    /// <summary>The size each list of the officer read last reached, shared by a brigade's officers.</summary>
    public sealed class ListSizes
    {
        public int Enforcements;
        public int Cases;
        public int Attendance;
        public int Shifts;
        public int Incidents;
        public int Complaints;
        public int Commendations;
        public int Trainings;
        public int Adjustments;
    }

    /// <summary>Whether rows came out of (time, id) order: most arrive in order (stored by time), and checking is a comparison per row.</summary>
    private struct Order
    {
        private long _ticks;
        private long _id;
        private bool _any;

        public bool Disordered { get; private set; }

        public void Next(long ticks, long id)
        {
            if (_any && (ticks < _ticks || (ticks == _ticks && id < _id)))
                Disordered = true;
            (_ticks, _id, _any) = (ticks, id, true);
        }
    }
}
