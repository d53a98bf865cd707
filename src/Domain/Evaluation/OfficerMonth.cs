namespace AssessmentEngine.Domain.Evaluation;

/// <summary>
/// What the officer schemes read about one officer for one period (rule input <c>officer</c>).
/// Times are Asia/Shanghai wall times; kinds and statuses are the string codes rule files compare with.
/// </summary>
public sealed class OfficerMonth
{
    /// <summary>Badge number.</summary>
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    /// <summary>"民警" or "辅警".</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>"road", "accident", "window" or "office".</summary>
    public string PostType { get; init; } = string.Empty;

    public string SquadId { get; init; } = string.Empty;

    public string BrigadeId { get; init; } = string.Empty;

    public bool IsSquadLeader { get; init; }

    /// <summary>Badge number of the supervising sworn officer of an auxiliary; empty for a sworn officer.</summary>
    public string SupervisorId { get; init; } = string.Empty;

    public double DutyHours { get; init; }

    public List<EnforcementView> Enforcements { get; init; } = [];

    public List<CaseView> Cases { get; init; } = [];

    public List<AttendanceView> Attendance { get; init; } = [];

    public List<ShiftView> Shifts { get; init; } = [];

    public List<IncidentView> Incidents { get; init; } = [];

    /// <summary>Complaints received in the period.</summary>
    public List<ComplaintView> Complaints { get; init; } = [];

    /// <summary>Verified complaints received in the 90 days up to the end of the period.</summary>
    public int Complaints90Days { get; init; }

    /// <summary>Complaints in the same 90 days not found verified (open or unfounded).</summary>
    public int UnverifiedComplaints90Days { get; init; }

    public List<CommendationView> Commendations { get; init; } = [];

    public List<TrainingView> Trainings { get; init; } = [];

    public Dictionary<string, double> Indicators { get; init; } = [];

    public List<AdjustmentView> Adjustments { get; init; } = [];

    public bool IsAuxiliary => Kind == "辅警";
}

public sealed class EnforcementView
{
    public long Id { get; init; }

    public string Code { get; init; } = string.Empty;

    public DateTime At { get; init; }

    public bool HasFootage { get; init; }

    /// <summary>Hours to upload the footage; 0 when there is none.</summary>
    public double UploadDelayHours { get; init; }

    public bool PenaltyIssued { get; init; }
}

public sealed class CaseView
{
    public long Id { get; init; }

    public string Kind { get; init; } = string.Empty;

    public DateTime AcceptedAt { get; init; }

    public DateTime DeadlineAt { get; init; }

    public DateTime? ClosedAt { get; init; }
}

public sealed class AttendanceView
{
    public long Id { get; init; }

    public DateTime Day { get; init; }

    public string Status { get; init; } = string.Empty;

    public int MinutesLate { get; init; }
}

public sealed class ShiftView
{
    public long Id { get; init; }

    public string Post { get; init; } = string.Empty;

    public DateTime Start { get; init; }

    public double Hours { get; init; }

    public bool SignedIn { get; init; }

    public bool OffPost { get; init; }
}

public sealed class IncidentView
{
    public long Id { get; init; }

    public string Code { get; init; } = string.Empty;

    public DateTime At { get; init; }

    public bool Verified { get; init; }
}

public sealed class ComplaintView
{
    public long Id { get; init; }

    public DateTime At { get; init; }

    public bool Verified { get; init; }
}

public sealed class CommendationView
{
    public long Id { get; init; }

    public string Level { get; init; } = string.Empty;

    public DateTime At { get; init; }
}

public sealed class TrainingView
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public double Score { get; init; }

    public bool Passed { get; init; }
}

public sealed class AdjustmentView
{
    public long Id { get; init; }

    public string RuleName { get; init; } = string.Empty;

    public double Points { get; init; }

    public string Reason { get; init; } = string.Empty;
}
