namespace AssessmentEngine.Domain.Assessment;

public enum OutcomeKind
{
    /// <summary>优秀民警</summary>
    ExcellentOfficer = 1,

    /// <summary>先进中队</summary>
    AdvancedSquad = 2,

    /// <summary>预警</summary>
    Warning = 3,

    /// <summary>约谈</summary>
    Interview = 4,

    /// <summary>优秀辅警</summary>
    ExcellentAuxiliary = 5,
}

public enum SubjectKind
{
    Officer = 1,
    Squad = 2,
}

/// <summary>Who holds an interview; the ladder escalates from the squad to the brigade committee.</summary>
public enum InterviewLevel
{
    /// <summary>中队</summary>
    Squad = 1,

    /// <summary>政工/督察</summary>
    Department = 2,

    /// <summary>大队支委会</summary>
    Committee = 3,
}

public enum OutcomeStatus
{
    Proposed = 1,
    Approved = 2,
    Rejected = 3,
    Scheduled = 4,
    Held = 5,
}

public enum AppealStatus
{
    Filed = 1,
    Upheld = 2,
    Rejected = 3,
}
