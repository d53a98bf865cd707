namespace AssessmentEngine.Domain.Facts;

public sealed class AttendanceDay : DutyFact
{
    private AttendanceDay()
    {
        Status = string.Empty;
    }

    public AttendanceDay(long id, long officerId, string externalId, DateOnly day, string status, int minutesLate = 0)
        : base(id, externalId)
    {
        if (!AttendanceStatuses.IsKnown(status))
            throw new DomainException("UnknownAttendanceStatus", $"Unknown attendance status '{status}'; expected present, late, early, absent or leave.", status);
        if (minutesLate < 0)
            throw new DomainException("NegativeMinutesLate", $"Attendance {externalId} has negative minutes late.", externalId);
        if (minutesLate > 0 && status is not (AttendanceStatuses.Late or AttendanceStatuses.Early))
            throw new DomainException("MinutesLateWhenNotLate", $"Attendance {externalId} is '{status}' and cannot have minutes late.", externalId, status);
        OfficerId = officerId;
        Day = day;
        Status = status;
        MinutesLate = minutesLate;
    }

    public long OfficerId { get; private set; }

    public DateOnly Day { get; private set; }

    public string Status { get; private set; }

    /// <summary>Minutes late for "late", minutes left early for "early"; zero otherwise.</summary>
    public int MinutesLate { get; private set; }
}
