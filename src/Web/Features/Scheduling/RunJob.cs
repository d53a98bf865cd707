using AssessmentEngine.Web.Features.Evaluations;
using Quartz;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// A piece of a run executed by the scheduler, in its own DI scope. A transient failure is handed back to Quartz, which
/// fires the job again under the trigger's retry policy; the last failed attempt, or any other failure, fails the run.
/// </summary>
public abstract class RunJob(IServiceScopeFactory scopes, ILogger logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = Guid.Parse(context.MergedJobDataMap.GetString(RunJobs.RunIdKey)!);
        var node = context.Scheduler.SchedulerInstanceId;
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await ExecuteAsync(context, scope.ServiceProvider, runId, node, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var attemptsLeft = context.RetryPolicy is { } policy ? policy.MaxAttempts - context.RetryAttempt : 0;
            if (TransientFailure.Is(ex) && attemptsLeft > 0)
            {
                logger.LogWarning(ex, "{Job} of run {Run} failed on {Node}; {Left} retries left", context.JobDetail.Key, runId, node, attemptsLeft);
                throw new JobExecutionException($"{context.JobDetail.Key} failed transiently: {ex.Message}", ex);
            }
            logger.LogError(ex, "{Job} of run {Run} failed on {Node}; the run fails", context.JobDetail.Key, runId, node);
            await using var failScope = scopes.CreateAsyncScope();
            await failScope.ServiceProvider.GetRequiredService<EvaluationService>()
                .FailAsync(runId, node, Describe(context, ex), CancellationToken.None);
        }
    }

    protected abstract Task ExecuteAsync(IJobExecutionContext context, IServiceProvider services, Guid runId, string node, CancellationToken cancellationToken);

    protected virtual string Describe(IJobExecutionContext context, Exception exception) =>
        $"{context.JobDetail.Description}: {exception.GetBaseException().Message} (attempt {context.RetryAttempt + 1})";
}

/// <summary>Scores one brigade of a run; the part that finds every part done schedules the finalisation.</summary>
[DisallowConcurrentExecution]
public sealed class RunPartJob(IServiceScopeFactory scopes, ILogger<RunPartJob> logger) : RunJob(scopes, logger)
{
    protected override async Task ExecuteAsync(IJobExecutionContext context, IServiceProvider services, Guid runId, string node, CancellationToken cancellationToken)
    {
        var brigadeId = long.Parse(context.MergedJobDataMap.GetString(RunJobs.BrigadeIdKey)!, System.Globalization.CultureInfo.InvariantCulture);
        if (await services.GetRequiredService<EvaluationService>().RunPartAsync(runId, brigadeId, node, cancellationToken))
            await services.GetRequiredService<RunJobs>().FinalizeAsync(runId, cancellationToken);
    }
}

/// <summary>Ranks, squads and outcomes over the staged parts; a no-op for a run already completed.</summary>
[DisallowConcurrentExecution]
public sealed class FinalizeRunJob(IServiceScopeFactory scopes, ILogger<FinalizeRunJob> logger) : RunJob(scopes, logger)
{
    protected override Task ExecuteAsync(IJobExecutionContext context, IServiceProvider services, Guid runId, string node, CancellationToken cancellationToken) =>
        services.GetRequiredService<EvaluationService>().FinalizeAsync(runId, node, cancellationToken);
}
