using AssessmentEngine.Web.Cli;
using AssessmentEngine.Web.Health;
using AssessmentEngine.Web.Persistence;

if (await CommandLine.TryRunAsync(args) is { } exitCode)
    return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.AddAssessmentPersistence();
builder.Services.AddAssessmentHealthChecks();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.MapAssessmentHealth();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
