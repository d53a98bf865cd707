namespace AssessmentEngine.Engine.Bench.Workload;

// The input shapes of WORKLOAD.md, kept as plain mutable classes because that is what rule expressions see.

public sealed class Officer
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";          // "民警" | "辅警"
    public string PostType { get; set; } = "";      // "road" | "accident" | "window"
    public string SquadId { get; set; } = "";
    public bool IsSquadLeader { get; set; }
    public List<Enforcement> Enforcements { get; set; } = [];
    public List<CaseRecord> Cases { get; set; } = [];
    public List<Attendance> Attendance { get; set; } = [];
    public List<Incident> Incidents { get; set; } = [];
    public List<Complaint> Complaints { get; set; } = [];
    public List<Commendation> Commendations { get; set; } = [];
    public double DutyHours { get; set; }
}

public sealed class Enforcement
{
    public string Code { get; set; } = "";          // "parking" | "helmet" | "speeding" | "other" | "drunk" | "drunk_severe"
    public bool HasFootage { get; set; }
    public double UploadDelayHours { get; set; }
    public bool PenaltyIssued { get; set; }
}

public sealed class CaseRecord
{
    public string Kind { get; set; } = "";          // "admin" | "accident" | "criminal"
    public DateTime AcceptedAt { get; set; }
    public DateTime DeadlineAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}

public sealed class Attendance
{
    public DateTime Day { get; set; }
    public string Status { get; set; } = "";        // "present" | "late" | "early" | "absent" | "leave"
}

public sealed class Incident
{
    public string Code { get; set; } = "";          // "uniform" | "off_post" | "notice" | "order_not_executed" | "drinking"
    public bool Verified { get; set; }
}

public sealed class Complaint
{
    public bool Verified { get; set; }
}

public sealed class Commendation
{
    public string Level { get; set; } = "";         // "letter" | "notice" | "award" | "merit3"
}

public sealed class Period
{
    public DateTime Start { get; set; }
    public DateTime End { get; set; }               // exclusive
}
