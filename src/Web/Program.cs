using AssessmentEngine.Web.Health;
using AssessmentEngine.Web.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddAssessmentPersistence();
builder.Services.AddAssessmentHealthChecks();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.MapAssessmentHealth();
await app.RunAsync();

/// <summary>Entry point, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
