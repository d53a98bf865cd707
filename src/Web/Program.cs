using AssessmentEngine.Web;
using AssessmentEngine.Web.Cli;
using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Features.Appeals;
using AssessmentEngine.Web.Features.Audit;
using AssessmentEngine.Web.Features.Checks;
using AssessmentEngine.Web.Features.Connectors;
using AssessmentEngine.Web.Features.Dashboard;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Ingestion;
using AssessmentEngine.Web.Features.Organization;
using AssessmentEngine.Web.Features.Results;
using AssessmentEngine.Web.Features.Reviews;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Health;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Pages;
using AssessmentEngine.Web.Persistence;

if (await CommandLine.TryRunAsync(args) is { } exitCode)
    return exitCode;

var builder = WebApplication.CreateBuilder(ApplicationHome.ServerOptions(args));
builder.AddAssessmentPersistence();
builder.AddRequestPipeline();
builder.AddAssessmentSecurity();
builder.AddOrganization();
builder.AddAccounts();
builder.AddEvaluations();
builder.AddRuleSets();
builder.AddRealTimeChecks();
builder.AddIngestion();
builder.AddConnectors();
builder.AddScheduling();
builder.AddDashboard();
builder.AddAssessmentPages();
builder.Services.AddAssessmentHealthChecks();
builder.Services.AddAssessmentOpenApi();

var app = builder.Build();
app.UseRequestPipeline();
app.UseAssessmentPages();
// Routing after the error handlers, so that a re-executed error page (/status/404) is routed anew.
app.UseRouting();
// After routing, so that an endpoint may declare a body limit of its own (ingestion batches).
app.UseRequestLimits();
app.UseAuthentication();
app.UsePasswordChangeGate();
app.UseAuthorization();
app.UseRateLimiter();
await app.InitializeAsync();
app.MapAssessmentHealth();
app.MapOpenApi();
app.MapAccountsApi();
app.MapAuditApi();
app.MapResultsApi();
app.MapDashboardApi();
app.MapOrganizationApi();
app.MapReviewsApi();
app.MapAppealsApi();
app.MapRuleSetsApi();
app.MapRunsApi();
app.MapChecksApi();
app.MapIngestionApi();
app.MapConnectorsApi();
app.MapSchedulerDashboard();
app.MapAssessmentPages();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
