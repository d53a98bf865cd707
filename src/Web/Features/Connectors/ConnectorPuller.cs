using System.Text.Json;
using AssessmentEngine.Web.Features.Ingestion;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Refit;

namespace AssessmentEngine.Web.Features.Connectors;

/// <summary>
/// Pulls every kind of a connector, page after page from its stored watermark (docs/adr/0015-connectors-watermark-in-the-page-transaction.md).
/// Each page goes through the ingestion pipeline like an uploaded batch, and the watermark after it is written in the
/// same transaction as its facts: a pull that dies after any page resumes right after it, and external ids make a
/// page read twice harmless anyway. Transient failures are retried by the platform client's resilience pipeline
/// (<see cref="SupervisionPlatforms"/>); the run row records its requests, retries and the final error.
/// </summary>
public sealed class ConnectorPuller(
    AssessmentDbContext db,
    IngestionPipeline pipeline,
    SupervisionPlatforms platforms,
    IOptions<ConnectorOptions> options,
    TimeProvider clock,
    ILogger<ConnectorPuller> logger)
{
    public ConnectorSettings SettingsOf(string name) =>
        options.Value.Connectors.TryGetValue(name, out var settings) ? settings : throw new NotFoundException("ConnectorNotFound", $"Connector {name} was not found.", name);

    public async Task<ConnectorRun> PullAsync(string name, string node, CancellationToken cancellationToken = default)
    {
        var settings = SettingsOf(name);
        name = options.Value.Connectors.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        // Pulls of one connector never overlap (the pull job holds the connector's lock): a run still "running" died with its node.
        await db.Set<ConnectorRun>().Where(r => r.Connector == name && r.Status == ConnectorRunStatus.Running)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.Status, ConnectorRunStatus.Failed)
                .SetProperty(x => x.Error, "Interrupted: the node stopped during the pull; the next pull resumed from the stored watermark.")
                .SetProperty(x => x.FinishedAt, clock.GetUtcNow()), cancellationToken);
        var run = new ConnectorRun { Id = Guid.CreateVersion7(), Connector = name, StartedAt = clock.GetUtcNow(), Node = node, Status = ConnectorRunStatus.Running };
        SupervisionPlatforms.Observer = new RunObserver(this, run, settings.MaxAttempts);
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(run).State = EntityState.Detached; // the pipeline clears the tracker on a refused page; the run is saved by key

        try
        {
            if (settings.BaseUrl is null)
                throw new InvalidOperationException($"Connectors:{name}:BaseUrl is not configured.");
            foreach (var kindName in settings.Kinds)
            {
                var kind = FactKinds.Find(kindName) ?? throw new InvalidOperationException($"Connectors:{name}:Kinds names '{kindName}', which is not an ingestible kind.");
                await PullKindAsync(name, settings, kind, run, cancellationToken);
            }
            run.Status = ConnectorRunStatus.Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Status = ConnectorRunStatus.Cancelled;
            run.Error = "Cancelled (the node is stopping); the next pull resumes after the last stored page.";
            await FinishAsync(run);
            throw;
        }
        catch (Exception failure) when (failure is PlatformException or InvalidOperationException or RefusedPageException)
        {
            run.Status = ConnectorRunStatus.Failed;
            run.Error = failure.Message;
            logger.LogError(failure, "Connector {Connector} failed after {Pages} pages: {Error}", name, run.Pages, failure.Message);
        }
        await FinishAsync(run);
        return run;
    }

    private async Task PullKindAsync(string name, ConnectorSettings settings, FactKind kind, ConnectorRun run, CancellationToken cancellationToken)
    {
        var sender = new IngestionSender(ActorKind.System, null, $"connector:{name}", settings.UnitId, Source: name);
        while (true)
        {
            var state = await db.Set<ConnectorState>().AsNoTracking().SingleOrDefaultAsync(s => s.Connector == name && s.Kind == kind.Name, cancellationToken);
            var after = state?.Watermark;
            var page = await FetchAsync(settings, kind, after, run, cancellationToken);
            if (page.Items.Count == 0)
            {
                if (page.Next is not null && page.Next != after)
                {
                    await AdvanceAsync(name, kind, page.Next, countPage: false, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                }
                if (!page.HasMore)
                    return;
                if (page.Next is null || page.Next == after)
                    throw new InvalidOperationException($"The platform said there is more {kind.Name} after '{after}' but sent nothing and no new watermark.");
                continue;
            }
            if (page.Next is null || page.Next == after)
                throw new InvalidOperationException($"The platform sent a page of {kind.Name} after '{after}' without a new watermark ('next'); it cannot be resumed.");

            var report = await pipeline.IngestAsync(kind, new JsonItemsReader(kind, page.Items), "application/json", sender,
                async (batch, ct) =>
                {
                    await AdvanceAsync(name, kind, page.Next, countPage: true, ct);
                    // The run's counts commit with the page: a pull killed right after the commit still counts it.
                    await CountCommittedPageAsync(run, batch, ct);
                }, cancellationToken);
            if (report.Status == IngestionStatus.Refused)
            {
                var first = report.Errors.Count > 0 ? report.Errors[0] : null;
                throw new RefusedPageException($"The page of {kind.Name} after '{after}' was refused ({report.ErrorCount} errors, batch {report.BatchId}); first: item {first?.Row} {first?.Field}: {first?.Message}");
            }
            run.Pages++;
            run.Rows += report.Rows;
            run.Accepted += report.Accepted;
            run.Duplicates += report.Duplicates;
            await SaveProgressAsync(run, cancellationToken);
            if (!page.HasMore)
                return;
        }
    }

    private Task<int> CountCommittedPageAsync(ConnectorRun run, IngestionBatch batch, CancellationToken cancellationToken) =>
        db.Set<ConnectorRun>().Where(r => r.Id == run.Id).ExecuteUpdateAsync(r => r
            .SetProperty(x => x.Pages, run.Pages + 1).SetProperty(x => x.Rows, run.Rows + batch.Rows)
            .SetProperty(x => x.Accepted, run.Accepted + batch.Accepted).SetProperty(x => x.Duplicates, run.Duplicates + batch.Duplicates), cancellationToken);

    /// <summary>Stages the watermark after a page into the current unit of work (the page's transaction saves it).</summary>
    private async Task AdvanceAsync(string name, FactKind kind, string next, bool countPage, CancellationToken cancellationToken)
    {
        var state = await db.Set<ConnectorState>().SingleOrDefaultAsync(s => s.Connector == name && s.Kind == kind.Name, cancellationToken);
        if (state is null)
            db.Add(state = new ConnectorState { Connector = name, Kind = kind.Name });
        state.Watermark = next;
        state.Pages += countPage ? 1 : 0;
        state.UpdatedAt = clock.GetUtcNow();
    }

    /// <summary>One page; the platform client has already retried what was worth retrying.</summary>
    private async Task<PlatformPage> FetchAsync(ConnectorSettings settings, FactKind kind, string? after, ConnectorRun run, CancellationToken cancellationToken)
    {
        var attemptsBefore = run.Attempts;
        var key = settings.ResolveApiKey();
        try
        {
            var page = await platforms.For(run.Connector).PageAsync(kind.Name, settings.PageSize, after, string.IsNullOrEmpty(key) ? null : "Bearer " + key, cancellationToken)
                ?? throw new JsonException("The page is empty.");
            return page with { Items = page.Items ?? [] };
        }
        catch (Exception failure) when (failure is ApiException or HttpRequestException or IOException or TimeoutRejectedException or JsonException
            || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var attempts = run.Attempts - attemptsBefore;
            var message = failure switch
            {
                ApiException refused => $"GET {refused.Uri} answered {(int)refused.StatusCode} {refused.ReasonPhrase}.",
                TimeoutRejectedException => $"No answer within {settings.Timeout} for {kind.Name} after '{after}'.",
                _ => $"{kind.Name} after '{after}': {failure.Message}",
            };
            throw new PlatformException($"{message} Gave up after {attempts} attempt{(attempts == 1 ? "" : "s")}.", failure);
        }
    }

    internal ILogger Logger => logger;

    internal Task<int> SaveProgressAsync(ConnectorRun run, CancellationToken cancellationToken) =>
        db.Set<ConnectorRun>().Where(r => r.Id == run.Id).ExecuteUpdateAsync(r => r
            .SetProperty(x => x.Pages, run.Pages).SetProperty(x => x.Rows, run.Rows).SetProperty(x => x.Accepted, run.Accepted)
            .SetProperty(x => x.Duplicates, run.Duplicates).SetProperty(x => x.Attempts, run.Attempts).SetProperty(x => x.Retries, run.Retries)
            .SetProperty(x => x.Error, run.Error), cancellationToken);

    private async Task FinishAsync(ConnectorRun run)
    {
        run.FinishedAt = clock.GetUtcNow();
        await SaveProgressAsync(run, CancellationToken.None);
        await db.Set<ConnectorRun>().Where(r => r.Id == run.Id).ExecuteUpdateAsync(r => r
            .SetProperty(x => x.Status, run.Status).SetProperty(x => x.FinishedAt, run.FinishedAt), CancellationToken.None);
        logger.LogInformation("Connector {Connector} run {Run} {Status}: {Pages} pages, {Rows} rows, {Accepted} new, {Duplicates} duplicates, {Attempts} requests, {Retries} retries",
            run.Connector, run.Id, run.Status, run.Pages, run.Rows, run.Accepted, run.Duplicates, run.Attempts, run.Retries);
    }
}

/// <summary>Counts the requests of a pull and records each retry on its run row as it happens.</summary>
file sealed class RunObserver(ConnectorPuller puller, ConnectorRun run, int maxAttempts) : IPlatformCallObserver
{
    public void Sending() => run.Attempts++;

    public async ValueTask RetryingAsync(string failure, int retry, TimeSpan wait, CancellationToken cancellationToken)
    {
        run.Retries++;
        run.Error = failure;
        puller.Logger.LogWarning("Connector {Connector}: {Error} Attempt {Attempt} of {Max}; retrying in {Wait}", run.Connector, failure, retry, maxAttempts, wait);
        await puller.SaveProgressAsync(run, cancellationToken);
    }
}

/// <summary>A page the ingestion pipeline refused: the platform sent data that fails validation; retrying cannot help.</summary>
public sealed class RefusedPageException : Exception
{
    public RefusedPageException()
    {
    }

    public RefusedPageException(string message)
        : base(message)
    {
    }

    public RefusedPageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
