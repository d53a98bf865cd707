namespace AssessmentEngine.Domain.Organization;

public enum UnitKind
{
    /// <summary>支队</summary>
    Detachment = 1,

    /// <summary>大队</summary>
    Brigade = 2,

    /// <summary>中队</summary>
    Squad = 3,
}
