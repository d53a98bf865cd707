using AssessmentEngine.Web.Features.Scheduling;
using AssessmentEngine.Web.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <summary>The "DryRuns" configuration section: which finished dry runs (and their reports) are kept.</summary>
public sealed class DryRunRetentionOptions
{
    public const string Section = "DryRuns";

    /// <summary>The latest finished dry runs of each version kept whatever their age.</summary>
    public int KeepLatest { get; set; } = 5;

    /// <summary>Finished dry runs younger than this are kept whatever their number.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Cron in Scheduling:TimeZone of the clean-up; empty: dry runs are never deleted.</summary>
    public string Cleanup { get; set; } = "30 4 * * *";
}

/// <summary>
/// Deletes finished dry runs that are neither among the latest <see cref="DryRunRetentionOptions.KeepLatest"/> of their
/// version nor younger than <see cref="DryRunRetentionOptions.KeepFor"/>; a queued or running one is never touched.
/// </summary>
public sealed class DryRunCleanupJob(AssessmentDbContext db, TimeProvider clock, IOptions<DryRunRetentionOptions> options, ILogger<DryRunCleanupJob> logger)
{
    public const string RecurringId = "dry-run-cleanup";

    private const int DeleteChunk = 500;

    [Queue(JobQueues.Default)]
    [AutomaticRetry(Attempts = 2)]
    [JobDisplayName("Dry-run clean-up")]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var before = clock.GetUtcNow() - settings.KeepFor;
        // Read without the reports and sorted here: SQLite cannot compare DateTimeOffset columns in SQL.
        var finished = await db.DryRuns.AsNoTracking().Where(d => d.Status == DryRunStatus.Completed || d.Status == DryRunStatus.Failed)
            .Select(d => new { d.Id, d.SchemeName, d.VersionNumber, d.QueuedAt, d.FinishedAt }).ToListAsync(cancellationToken);
        var doomed = finished.GroupBy(d => (d.SchemeName, d.VersionNumber))
            .SelectMany(g => g.OrderByDescending(d => d.FinishedAt ?? d.QueuedAt).Skip(settings.KeepLatest))
            .Where(d => (d.FinishedAt ?? d.QueuedAt) < before)
            .Select(d => d.Id)
            .ToList();
        var deleted = 0;
        foreach (var chunk in doomed.Chunk(DeleteChunk))
            deleted += await db.DryRuns.Where(d => chunk.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
            logger.LogInformation("Deleted {Deleted} finished dry runs beyond the latest {KeepLatest} per version and older than {KeepFor}", deleted, settings.KeepLatest, settings.KeepFor);
        return deleted;
    }
}
