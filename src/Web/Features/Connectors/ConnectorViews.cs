using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Connectors;

public sealed record ConnectorKindState(string Kind, string? Watermark, long Pages, DateTimeOffset? UpdatedAt);

public sealed record ConnectorRunView(
    Guid Id,
    string Connector,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Node,
    ConnectorRunStatus Status,
    int Pages,
    long Rows,
    long Accepted,
    long Duplicates,
    int Attempts,
    int Retries,
    string? Error)
{
    public static ConnectorRunView Of(ConnectorRun r) =>
        new(r.Id, r.Connector, r.StartedAt, r.FinishedAt, r.Node, r.Status, r.Pages, r.Rows, r.Accepted, r.Duplicates, r.Attempts, r.Retries, r.Error);
}

/// <summary>A configured connector, how far it has read each kind, and its latest run. The key is never shown.</summary>
public sealed record ConnectorView(string Name, Uri? BaseUrl, IReadOnlyList<string> Kinds, string Schedule, int PageSize, long? UnitId,
    IReadOnlyList<ConnectorKindState> States, ConnectorRunView? LastRun);

/// <summary>The connectors whose unit lies in the caller's scope.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Auditor)]
public sealed record ListConnectors : IRequest<IReadOnlyList<ConnectorView>>;

internal sealed class ListConnectorsHandler(AssessmentDbContext db, IOptions<ConnectorOptions> options, CurrentActor actor) : IRequestHandler<ListConnectors, IReadOnlyList<ConnectorView>>
{
    public async ValueTask<IReadOnlyList<ConnectorView>> Handle(ListConnectors request, CancellationToken cancellationToken)
    {
        var views = new List<ConnectorView>();
        foreach (var (name, settings) in options.Value.Connectors.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!await actor.CanReachUnitAsync(settings.UnitId, cancellationToken))
                continue;
            var states = await db.Set<ConnectorState>().AsNoTracking().Where(s => s.Connector == name).ToListAsync(cancellationToken);
            var last = await db.Set<ConnectorRun>().AsNoTracking().Where(r => r.Connector == name).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);
            var schedule = !string.IsNullOrWhiteSpace(settings.Cron) ? $"cron {settings.Cron}" : settings.IntervalMinutes > 0 ? $"every {settings.IntervalMinutes} min" : "on demand";
            views.Add(new ConnectorView(name, settings.BaseUrl, [.. settings.Kinds], schedule, settings.PageSize, settings.UnitId,
                [.. settings.Kinds.Select(k => states.FirstOrDefault(s => string.Equals(s.Kind, k, StringComparison.OrdinalIgnoreCase)) is { } s
                    ? new ConnectorKindState(s.Kind, s.Watermark, s.Pages, s.UpdatedAt)
                    : new ConnectorKindState(k, null, 0, null))],
                last is null ? null : ConnectorRunView.Of(last)));
        }
        return views;
    }
}

/// <summary>A connector's pulls, newest first, with their requests, retries and errors.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Auditor)]
public sealed record ListConnectorRuns(string Name, int Take = 50) : IRequest<IReadOnlyList<ConnectorRunView>>, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(Take is >= 1 and <= 1000, "take", "TakeRange", "take is between 1 and 1000.", 1000);
    }
}

internal sealed class ListConnectorRunsHandler(AssessmentDbContext db, IOptions<ConnectorOptions> options, CurrentActor actor) : IRequestHandler<ListConnectorRuns, IReadOnlyList<ConnectorRunView>>
{
    public async ValueTask<IReadOnlyList<ConnectorRunView>> Handle(ListConnectorRuns request, CancellationToken cancellationToken)
    {
        var name = await ConnectorAccess.FindAsync(options.Value, request.Name, actor, cancellationToken);
        var runs = await db.Set<ConnectorRun>().AsNoTracking().Where(r => r.Connector == name)
            .OrderByDescending(r => r.StartedAt).Take(request.Take).ToListAsync(cancellationToken);
        return runs.ConvertAll(ConnectorRunView.Of);
    }
}

/// <summary>"Pull now": queues the connector's job (it waits if a pull is under way); the run appears in its history.</summary>
[AllowedRoles(Role.Admin, Role.Inspector)]
public sealed record PullConnector([property: StoredIn(typeof(ConnectorRun), nameof(ConnectorRun.Connector))] string Name) : ICommand<PulledConnector>, IAuditedCommand;

public sealed record PulledConnector(string Connector, string Runs);

internal sealed class PullConnectorHandler(IOptions<ConnectorOptions> options, CurrentActor actor, IBackgroundJobClient jobs, AuditLog audit) : IRequestHandler<PullConnector, PulledConnector>
{
    public async ValueTask<PulledConnector> Handle(PullConnector request, CancellationToken cancellationToken)
    {
        var name = await ConnectorAccess.FindAsync(options.Value, request.Name, actor, cancellationToken);
        jobs.Enqueue<ConnectorPullJob>(j => j.PullAsync(name, CancellationToken.None));
        audit.Concerning(options.Value.Connectors[name].UnitId).Describe("Connector", name, before: null, after: new { Pull = "requested" });
        return new PulledConnector(name, $"/api/connectors/{name}/runs");
    }
}

internal static class ConnectorAccess
{
    /// <summary>The connector's configured name; unknown and out-of-scope connectors are the same 404.</summary>
    public static async Task<string> FindAsync(ConnectorOptions options, string name, CurrentActor actor, CancellationToken cancellationToken)
    {
        var match = options.Connectors.FirstOrDefault(c => string.Equals(c.Key, name, StringComparison.OrdinalIgnoreCase));
        if (match.Value is null || !await actor.CanReachUnitAsync(match.Value.UnitId, cancellationToken))
            throw new NotFoundException("ConnectorNotFound", $"Connector {name} was not found.", name);
        return match.Key;
    }
}
