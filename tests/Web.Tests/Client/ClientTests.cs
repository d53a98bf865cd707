using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using AssessmentEngine.Client;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Client;

/// <summary>The app with the scheduler on, so that every endpoint is mapped (the connectors' pull among them).</summary>
public sealed class ClientApp : TestAppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Scheduling:Enabled"] = "true",
        ["Scheduling:CatchUpMonths"] = "0",
    };
}

/// <summary>src/Client covers the whole API: one method per mapped endpoint, and each route it calls exists.</summary>
public sealed partial class ClientTests(ClientApp fixture) : IClassFixture<ClientApp>
{
    [Fact]
    public void The_client_has_a_method_for_every_endpoint_the_app_maps_and_calls_no_other()
    {
        var mapped = fixture.App.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {Shape(e.RoutePattern.RawText)}"))
            .ToHashSet();
        var called = typeof(IAssessmentEngineApi).GetMethods()
            .Select(m => m.GetCustomAttribute<Refit.HttpMethodAttribute>() ?? throw new InvalidOperationException($"{m.Name} has no HTTP method"))
            .Select(a => $"{a.Method.Method} {Shape(a.Path)}")
            .ToList();

        mapped.Should().HaveCountGreaterThan(40);
        mapped.Except(called).Should().BeEmpty("every endpoint needs its method in src/Client");
        called.Except(mapped).Should().BeEmpty("the client must not call a route the app does not map");
        called.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Ingestion_and_connectors_are_reached_through_the_client()
    {
        var inspector = AssessmentEngineClient.Create(await fixture.App.SignInAsync(Role.Inspector));

        var kinds = await inspector.FactKindsAsync();
        using var empty = new StringContent("[]", Encoding.UTF8, "application/json");
        var report = await inspector.IngestAsync(kinds[0].Name, empty);
        var batches = await inspector.IngestionBatchesAsync(kinds[0].Name, take: 5);
        var connectors = await inspector.ConnectorsAsync();
        var unknown = await Assert.ThrowsAnyAsync<Refit.ApiException>(() => inspector.ConnectorRunsAsync("nonesuch"));
        using var auditCsv = await AssessmentEngineClient.Create(await fixture.App.AdminAsync()).AuditExportAsync(action: "IngestBatch");

        kinds.Should().NotBeEmpty().And.OnlyContain(k => k.Fields.Count > 0);
        report.Status.Should().Be("Accepted");
        batches.Should().Contain(b => b.Id == report.BatchId);
        connectors.Should().BeEmpty("no connector is configured in this app");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        auditCsv.StatusCode.Should().Be(HttpStatusCode.OK);
        (await auditCsv.Content.ReadAsStringAsync()).Should().Contain("IngestBatch");
    }

    /// <summary>A route with its parameters unnamed and unconstrained: "/api/runs/{id:guid}" and "/api/runs/{runId}" are one route.</summary>
    private static string Shape(string? route) => Parameter().Replace("/" + (route ?? "").Trim('/'), "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
