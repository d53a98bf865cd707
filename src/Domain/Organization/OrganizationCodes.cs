namespace AssessmentEngine.Domain.Organization;

/// <summary>The strings the rule files use for organisation enums.</summary>
public static class OrganizationCodes
{
    public const string SwornOfficer = "民警";
    public const string Auxiliary = "辅警";

    public static string Code(this PersonnelKind kind) => kind == PersonnelKind.Auxiliary ? Auxiliary : SwornOfficer;

    public static string Code(this PostType post) => post switch
    {
        PostType.Road => "road",
        PostType.Accident => "accident",
        PostType.Window => "window",
        PostType.Office => "office",
        _ => throw new ArgumentOutOfRangeException(nameof(post), post, "Unknown post type."),
    };
}
