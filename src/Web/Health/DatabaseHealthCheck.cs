using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Health;

/// <summary>Healthy when the database answers a query and carries the schema version this build expects.</summary>
internal sealed class DatabaseHealthCheck(AssessmentDbContext db, IOptions<DatabaseOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var provider = options.Value.Provider;
        var expected = SchemaMigrator.LoadEmbedded(provider).Count;
        try
        {
            var version = await db.Database.SqlQueryRaw<int>("SELECT COALESCE(MAX(version), 0) AS \"Value\" FROM ae_schema_migrations")
                .SingleAsync(cancellationToken);
            var data = new Dictionary<string, object> { ["provider"] = provider.ToString(), ["schemaVersion"] = version, ["expectedSchemaVersion"] = expected };
            return version == expected
                ? HealthCheckResult.Healthy($"{provider} reachable, schema version {version}", data)
                : HealthCheckResult.Unhealthy($"{provider} reachable but schema version is {version}, expected {expected}", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{provider} unreachable: {ex.Message}", ex);
        }
    }
}
