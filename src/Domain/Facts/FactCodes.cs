namespace AssessmentEngine.Domain.Facts;

/// <summary>The enforcement codes rule files compare with, e.g. <c>e.Code == "drunk"</c>.</summary>
public static class EnforcementCodes
{
    public const string Parking = "parking";
    public const string Helmet = "helmet";
    public const string Speeding = "speeding";
    public const string Other = "other";
    public const string Drunk = "drunk";
    public const string DrunkSevere = "drunk_severe";
    public const string Warning = "warning";
}

public static class CaseKinds
{
    public const string Admin = "admin";
    public const string Accident = "accident";
    public const string Criminal = "criminal";

    /// <summary>The legal time limit to close a case of the kind, in days.</summary>
    public static int LimitDays(string kind) => kind switch
    {
        Admin => 15,
        Accident => 10,
        Criminal => 30,
        _ => throw new DomainException("UnknownCaseKind", $"Unknown case kind '{kind}'; expected admin, accident or criminal.", kind),
    };
}

public static class AttendanceStatuses
{
    public const string Present = "present";
    public const string Late = "late";
    public const string Early = "early";
    public const string Absent = "absent";
    public const string Leave = "leave";

    public static bool IsKnown(string status) => status is Present or Late or Early or Absent or Leave;
}

public static class IncidentCodes
{
    public const string Uniform = "uniform";
    public const string OffPost = "off_post";
    public const string Notice = "notice";
    public const string OrderNotExecuted = "order_not_executed";
    public const string Drinking = "drinking";
}

public static class CommendationLevels
{
    public const string Letter = "letter";
    public const string Notice = "notice";
    public const string Award = "award";
    public const string Merit3 = "merit3";
    public const string Merit2 = "merit2";

    public static bool IsKnown(string level) => level is Letter or Notice or Award or Merit3 or Merit2;
}
