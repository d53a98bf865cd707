using System.Data.Common;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Cli;

/// <summary>
/// The database a command works on: the server's own (the Database section of appsettings.json and the environment,
/// a relative data folder taken from <see cref="ApplicationHome"/>), unless --provider or --connection names another.
/// So `evaluate` run from any directory writes where the server reads (docs/adr/0020).
/// </summary>
internal sealed record CommandDatabase(DatabaseProvider Provider, string ConnectionString)
{
    public static CommandDatabase Resolve(CommandArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(ApplicationHome.Directory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var provider = arguments.Enum("--provider", options.Provider);
        if (provider != options.Provider)
            options.ConnectionString = null;
        options.Provider = provider;
        if (arguments.Value("--connection") is { } connection)
            options.ConnectionString = connection;
        try
        {
            return new CommandDatabase(provider, options.ResolveConnectionString(ApplicationHome.Directory));
        }
        catch (InvalidOperationException ex)
        {
            throw new CommandException($"{ex.Message} Or give --connection.");
        }
    }

    /// <summary>Which database, for the first line a command prints: the SQLite file, or PostgreSQL's host and database (never a password).</summary>
    public override string ToString()
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = ConnectionString };
        string Part(string key) => builder.TryGetValue(key, out var value) ? value?.ToString() ?? "" : "";
        return Provider == DatabaseProvider.Sqlite
            ? $"{Provider} {Path.GetFullPath(Part("Data Source"))}"
            : $"{Provider} {Part("Host")}/{Part("Database")}";
    }
}
