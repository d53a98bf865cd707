namespace AssessmentEngine.Domain.Organization;

public enum PostType
{
    /// <summary>路面</summary>
    Road = 1,

    /// <summary>事故</summary>
    Accident = 2,

    /// <summary>窗口</summary>
    Window = 3,

    /// <summary>机关</summary>
    Office = 4,
}
