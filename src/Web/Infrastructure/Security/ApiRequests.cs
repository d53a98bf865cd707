namespace AssessmentEngine.Web.Infrastructure.Security;

/// <summary>Which requests are the API's: they get status codes and ProblemDetails instead of pages and redirects.</summary>
public static class ApiRequests
{
    public static bool IsApi(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);
    }
}
