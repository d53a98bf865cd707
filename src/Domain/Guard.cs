namespace AssessmentEngine.Domain;

internal static class Guard
{
    /// <summary>The trimmed value, or a refusal coded <paramref name="code"/> saying in English that <paramref name="what"/> is required.</summary>
    public static string Required(string? value, string code, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainException(code, $"{what} is required.") : value.Trim();
}
