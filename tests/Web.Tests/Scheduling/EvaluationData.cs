using System.Net.Http.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Scheduling;

/// <summary>Runs are queued, claimed and caught up on the container's TimeProvider while Hangfire keeps the wall clock: scheduling tests run on the wall clock, not the hand-moved TestClock.</summary>
public static class WallClock
{
    public static void Use(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, TimeProvider.System);
}

/// <summary>A small generated detachment with facts for last month, and the test scheme set from this folder.</summary>
public static class EvaluationData
{
    public static readonly DemoOptions Small = new() { Brigades = 3, SquadsPerBrigade = 2, OfficersPerSquad = 6, AuxiliariesPerSquad = 2 };

    public static AssessmentPeriod LastMonth => AssessmentPeriod.MonthContaining(DateTimeOffset.UtcNow).Previous;

    public static async Task SeedAsync(TestDatabase database, DemoOptions? options = null)
    {
        await using var db = await database.CreateMigratedContextAsync();
        await new DemoSeeder(db).SeedAsync(options ?? Small, [LastMonth]);
        var catalog = new SchemeCatalog(new RuleEngine());
        // The app imports the shipped schemes of the names it does not know yet: take them in first and withdraw them,
        // so that the small test scheme of this folder is the only one in force.
        await ShippedSchemes.ImportAsync(db, catalog, DateTimeOffset.UtcNow);
        foreach (var shipped in await db.RuleSetVersions.Where(v => v.Status != RuleSetStatus.Retired).ToListAsync())
            shipped.Retire();
        await db.SaveChangesAsync();
        await ShippedSchemes.ImportAsync(db, catalog, SchemeFiles(), DateTimeOffset.UtcNow);
    }

    public static IReadOnlyList<(string FileName, string Content)> SchemeFiles() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Scheduling"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .ToList();

    /// <summary>Waits until Hangfire has finished the job (succeeded, failed or deleted) and returns its final state's name.</summary>
    public static Task<string> WaitForJobAsync(this Hangfire.JobStorage storage, string jobId, TimeSpan? timeout = null) =>
        Eventually.FoundAsync(() =>
        {
            using var connection = storage.GetConnection();
            var state = connection.GetStateData(jobId)?.Name;
            return Task.FromResult(state is "Succeeded" or "Failed" or "Deleted" ? state : null);
        }, $"job {jobId} to finish", timeout);

    /// <summary>Polls GET /api/runs/{id} until the run has finished (completed or failed) or the time is up.</summary>
    public static Task<RunDetail> WaitForRunAsync(this HttpClient client, Guid id, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            async () => (await client.GetFromJsonAsync<RunDetail>($"/api/runs/{id}", TestApp.Json))!,
            detail => detail.Run.Status is RunStatus.Completed or RunStatus.Failed,
            $"run {id} to finish", timeout,
            detail => $"{detail.Run.Status}: {string.Join(", ", detail.Parts.Select(p => $"{p.BrigadeCode} {p.Status} x{p.Attempts} {p.Error}"))}");

    /// <summary>Polls until some run of the period with the claim exists and has finished.</summary>
    public static async Task<RunView> WaitForClaimAsync(this HttpClient client, string claimKey, TimeSpan? timeout = null)
    {
        var runs = await Eventually.UntilAsync(
            async () => (await client.GetFromJsonAsync<List<RunView>>("/api/runs", TestApp.Json))!,
            all => all.Any(r => r.ClaimKey == claimKey && r.Status is RunStatus.Completed or RunStatus.Failed),
            $"a finished run claimed {claimKey}", timeout,
            all => string.Join(", ", all.Select(r => $"{r.ClaimKey} {r.Status}")));
        return runs.First(r => r.ClaimKey == claimKey && r.Status is RunStatus.Completed or RunStatus.Failed);
    }
}
