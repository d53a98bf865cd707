namespace AssessmentEngine.Domain;

internal static class Guard
{
    public static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainException($"{what} is required.") : value.Trim();
}
