namespace AssessmentEngine.Web.Persistence;

/// <summary>Which database the system stores its data in; bound from the "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (embedded default, a file under <see cref="DataDirectory"/>) or Postgres.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ADO.NET connection string; for SQLite, empty means a file in <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    public string DataDirectory { get; set; } = "data";

    /// <summary>Seed the demo detachment (3 brigades), evaluate its months and create the demo accounts on first start when the database holds no units.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>How many complete months before today the demo data covers (trends and escalation need more than one).</summary>
    public int DemoMonths { get; set; } = 12;

    public string ResolveConnectionString(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
            return ConnectionString;
        if (Provider == DatabaseProvider.Postgres)
            throw new InvalidOperationException(
                "Database:Provider is Postgres but Database:ConnectionString is empty. " +
                "Set it, e.g. Database__ConnectionString='Host=localhost;Port=5432;Database=assessment;Username=app'.");
        var directory = Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRoot, DataDirectory);
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, "assessment.db")}";
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
