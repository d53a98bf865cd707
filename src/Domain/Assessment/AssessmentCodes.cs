namespace AssessmentEngine.Domain.Assessment;

/// <summary>The strings rule files and views use for outcome kinds and interview levels, both ways.</summary>
public static class AssessmentCodes
{
    public static string Code(this InterviewLevel level) => level switch
    {
        InterviewLevel.Squad => "squad",
        InterviewLevel.Department => "department",
        InterviewLevel.Committee => "committee",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown interview level."),
    };

    public static string Code(this OutcomeKind kind) => kind switch
    {
        OutcomeKind.ExcellentOfficer => "excellent_officer",
        OutcomeKind.AdvancedSquad => "advanced_squad",
        OutcomeKind.Warning => "warning",
        OutcomeKind.Interview => "interview",
        OutcomeKind.ExcellentAuxiliary => "excellent_auxiliary",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown outcome kind."),
    };

    public static InterviewLevel ParseInterviewLevel(string code) => code switch
    {
        "squad" => InterviewLevel.Squad,
        "department" => InterviewLevel.Department,
        "committee" => InterviewLevel.Committee,
        _ => throw new DomainException("UnknownInterviewLevel", $"Unknown interview level '{code}'; expected squad, department or committee.", code),
    };

    public static OutcomeKind ParseOutcomeKind(string code) => code switch
    {
        "excellent_officer" => OutcomeKind.ExcellentOfficer,
        "advanced_squad" => OutcomeKind.AdvancedSquad,
        "warning" => OutcomeKind.Warning,
        "interview" => OutcomeKind.Interview,
        "excellent_auxiliary" => OutcomeKind.ExcellentAuxiliary,
        _ => throw new DomainException("UnknownOutcomeKind", $"Unknown outcome '{code}'; expected excellent_officer, excellent_auxiliary, advanced_squad, warning or interview.", code),
    };
}
