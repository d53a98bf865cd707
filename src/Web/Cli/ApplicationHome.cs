using System.Reflection;

namespace AssessmentEngine.Web.Cli;

/// <summary>
/// Where the application's own files live (appsettings.json, the data folder), whatever the working directory: the
/// project folder when running from its build output in the source tree (`dotnet run`), else the folder of the
/// assembly (a published app). The server and every command resolve the data folder from here (docs/adr/0020).
/// </summary>
internal static class ApplicationHome
{
    public static string Directory { get; } = Locate(
        AppContext.BaseDirectory,
        typeof(ApplicationHome).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value);

    internal static string Locate(string baseDirectory, string? projectDirectory)
    {
        if (projectDirectory is not null && Path.GetFullPath(baseDirectory).StartsWith(WithSeparator(Path.Combine(projectDirectory, "bin")), StringComparison.Ordinal))
            return Path.GetFullPath(projectDirectory);
        return Path.GetFullPath(baseDirectory);
    }

    /// <summary>
    /// The server's options: content root at <see cref="Directory"/> unless the caller chose one (an argument or the
    /// environment, as the test host and service managers do).
    /// </summary>
    public static WebApplicationOptions ServerOptions(string[] args) => new()
    {
        Args = args,
        ContentRootPath = ContentRootGiven(args) ? null : Directory,
    };

    private static bool ContentRootGiven(string[] args) =>
        args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));

    private static string WithSeparator(string path)
    {
        var full = Path.GetFullPath(path);
        return full.EndsWith(Path.DirectorySeparatorChar) ? full : full + Path.DirectorySeparatorChar;
    }
}
