using AssessmentEngine.Web.Features.Evaluations;
using Hangfire;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// Scores one brigade of a run; the part that finds every part done queues the finalisation. A transient failure
/// schedules the next attempt after the part's back-off; the last failed attempt, or any other failure, fails the run.
/// Hangfire's own retries are off: a job re-delivered after its node died is the same attempt, taken over by the part's token.
/// </summary>
public sealed class RunPartJob(
    EvaluationService evaluations,
    RunDispatcher dispatcher,
    SchedulerControl control,
    PartSlots slots,
    IBackgroundJobClient jobs,
    IServiceScopeFactory scopes,
    IOptions<EvaluationScheduleOptions> options,
    ILogger<RunPartJob> logger)
{
    [Queue(JobQueues.Evaluation)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Run {0}: brigade {1}, attempt {2}")]
    public async Task RunAsync(Guid runId, long brigadeId, int attempt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (control.IsPaused)
        {
            jobs.Schedule<RunPartJob>(j => j.RunAsync(runId, brigadeId, attempt, CancellationToken.None), settings.PausedRecheck);
            return;
        }
        try
        {
            bool allDone;
            using (await slots.TakeAsync(cancellationToken))
                allDone = await evaluations.RunPartAsync(runId, brigadeId, settings.NodeName, cancellationToken);
            if (allDone)
                dispatcher.Finalize(runId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The node is stopping, or Hangfire aborted the job because another server took it over and finished it.
            logger.LogWarning("Run {Run}, brigade {Brigade}: the attempt on {Node} was cancelled before it wrote", runId, brigadeId, settings.NodeName);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (TransientFailure.Is(ex) && attempt < settings.PartRetries.Attempts)
            {
                var delay = settings.PartRetries.DelayBefore(attempt + 1);
                logger.LogWarning(ex, "Run {Run}, brigade {Brigade}: attempt {Attempt} failed transiently; the next in {Delay}", runId, brigadeId, attempt + 1, delay);
                jobs.Schedule<RunPartJob>(j => j.RunAsync(runId, brigadeId, attempt + 1, CancellationToken.None), delay);
                return;
            }
            await RunFailure.FailAsync(scopes, runId, settings.NodeName, $"Brigade {brigadeId}: {ex.GetBaseException().Message} (attempt {attempt + 1})", logger, ex);
            throw;
        }
    }
}

/// <summary>Ranks, squads and outcomes over the staged parts; a no-op for a run already completed or failed.</summary>
public sealed class FinalizeRunJob(EvaluationService evaluations, IBackgroundJobClient jobs, IServiceScopeFactory scopes, IOptions<EvaluationScheduleOptions> options, ILogger<FinalizeRunJob> logger)
{
    [Queue(JobQueues.Evaluation)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Finalise run {0}, attempt {1}")]
    public async Task RunAsync(Guid runId, int attempt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            await evaluations.FinalizeAsync(runId, settings.NodeName, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (TransientFailure.Is(ex) && attempt < settings.FinalizeRetries.Attempts)
            {
                var delay = settings.FinalizeRetries.DelayBefore(attempt + 1);
                logger.LogWarning(ex, "Finalisation of run {Run}: attempt {Attempt} failed transiently; the next in {Delay}", runId, attempt + 1, delay);
                jobs.Schedule<FinalizeRunJob>(j => j.RunAsync(runId, attempt + 1, CancellationToken.None), delay);
                return;
            }
            await RunFailure.FailAsync(scopes, runId, settings.NodeName, $"Finalisation: {ex.GetBaseException().Message} (attempt {attempt + 1})", logger, ex);
            throw;
        }
    }
}

internal static class RunFailure
{
    /// <summary>Fails the run in a fresh scope (the job's context saw the failure); a run already finished stays as it is.</summary>
    public static async Task FailAsync(IServiceScopeFactory scopes, Guid runId, string node, string error, ILogger logger, Exception exception)
    {
        logger.LogError(exception, "Run {Run} fails on {Node}: {Error}", runId, node, error);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EvaluationService>().FailAsync(runId, node, error, CancellationToken.None);
    }
}
