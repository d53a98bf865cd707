using System.Globalization;
using Hangfire;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// Pause and resume, shared by every node through Hangfire's storage: while paused, scheduled evaluations only note
/// the period they came due for (a "run now" too) and brigade parts wait; resuming evaluates each noted period once.
/// </summary>
public sealed class SchedulerControl(JobStorage storage, IBackgroundJobClient jobs, TimeProvider clock)
{
    private const string StateKey = "ae:scheduler";
    private const string DueKey = "ae:scheduler:due";

    public bool IsPaused
    {
        get
        {
            using var connection = storage.GetConnection();
            return connection.GetAllEntriesFromHash(StateKey) is { } state && state.TryGetValue("paused", out var paused) && paused == "true";
        }
    }

    public void Pause()
    {
        using var connection = storage.GetConnection();
        connection.SetRangeInHash(StateKey, [new("paused", "true"), new("since", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture))]);
    }

    /// <summary>Resumes and queues the evaluations that came due meanwhile; returns "job period" for each.</summary>
    public IReadOnlyList<string> Resume()
    {
        using var connection = storage.GetConnection();
        var due = connection.GetAllEntriesFromHash(DueKey) ?? [];
        using (var transaction = connection.CreateWriteTransaction())
        {
            transaction.RemoveHash(StateKey);
            transaction.RemoveHash(DueKey);
            transaction.Commit();
        }
        foreach (var (period, job) in due)
            jobs.Enqueue<ScheduledEvaluationJob>(j => j.RunAsync(job, period, 0, null, CancellationToken.None));
        return [.. due.Select(d => $"{d.Value} {d.Key}")];
    }

    /// <summary>Notes a scheduled evaluation that came due while paused; the same period noted twice is one entry.</summary>
    public void NoteDue(string job, string period)
    {
        using var connection = storage.GetConnection();
        connection.SetRangeInHash(DueKey, [new(period, job)]);
    }
}
