using AssessmentEngine.Domain.Organization;

namespace AssessmentEngine.Domain.Facts;

/// <summary>The facts about one officer that an evaluation of a period loads, as one batch.</summary>
public sealed class OfficerFacts
{
    public OfficerFacts(Officer officer)
    {
        ArgumentNullException.ThrowIfNull(officer);
        Officer = officer;
    }

    public Officer Officer { get; }

    public List<EnforcementAction> Enforcements { get; } = [];

    public List<Case> Cases { get; } = [];

    public List<AttendanceDay> Attendance { get; } = [];

    public List<Shift> Shifts { get; } = [];

    public List<DisciplineIncident> Incidents { get; } = [];

    /// <summary>Complaints of the period and of the two months before it (the 90-day rules need them).</summary>
    public List<Complaint> Complaints { get; } = [];

    public List<Commendation> Commendations { get; } = [];

    public List<TrainingResult> Trainings { get; } = [];

    public List<ImportedIndicator> Indicators { get; } = [];

    public List<ManualAdjustment> Adjustments { get; } = [];

    public int RowCount =>
        Enforcements.Count + Cases.Count + Attendance.Count + Shifts.Count + Incidents.Count + Complaints.Count
        + Commendations.Count + Trainings.Count + Indicators.Count + Adjustments.Count;
}
