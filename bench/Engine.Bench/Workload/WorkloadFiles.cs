namespace AssessmentEngine.Engine.Bench.Workload;

/// <summary>Finds bench/workload/ in the repository, so the bench runs from any working directory.</summary>
public static class WorkloadFiles
{
    public const string WorkflowFileName = "officer-monthly.json";

    /// <summary>
    /// The workflow file: <paramref name="explicitPath"/> (a file, or a folder holding officer-monthly.json)
    /// when given, else bench/workload/officer-monthly.json under the directory holding AssessmentEngine.sln.
    /// </summary>
    public static string LocateWorkflow(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            var path = Directory.Exists(explicitPath) ? Path.Combine(explicitPath, WorkflowFileName) : explicitPath;
            return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"No workflow at {path}.", path);
        }
        var workflow = Path.Combine(RepositoryRoot(), "bench", "workload", WorkflowFileName);
        return File.Exists(workflow) ? workflow : throw new FileNotFoundException($"No workflow at {workflow}.", workflow);
    }

    /// <summary>A file given on the command line: as written when it exists there, else relative to the repository root (e.g. rules/officer-monthly.json).</summary>
    public static string Locate(string path)
    {
        if (File.Exists(path))
            return Path.GetFullPath(path);
        var underRoot = Path.Combine(RepositoryRoot(), path);
        return File.Exists(underRoot) ? underRoot : throw new FileNotFoundException($"No file at {path}.", path);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AssessmentEngine.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException(
            $"AssessmentEngine.sln not found above {AppContext.BaseDirectory}; pass --workload <path to {WorkflowFileName}>.");
    }
}
