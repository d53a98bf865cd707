namespace AssessmentEngine.Domain.Organization;

public enum PersonnelKind
{
    /// <summary>民警, a sworn officer.</summary>
    Officer = 1,

    /// <summary>辅警, auxiliary police.</summary>
    Auxiliary = 2,
}
