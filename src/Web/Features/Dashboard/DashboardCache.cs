using System.Collections.Concurrent;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Dashboard;

/// <summary>Bound from "Dashboard".</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// How long a node serves a computed dashboard. The node that completes a run or takes a decision drops its entries at
    /// once; other nodes show the change when their entry expires (ADR 21). Zero computes every request.
    /// </summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Squads per page and proposed outcomes shown: what bounds the payload whatever the unit's size.</summary>
    public int ListLength { get; set; } = 50;

    /// <summary>Expensive reads (dashboard, results lists and exports) one node serves at once; more wait in a short queue.</summary>
    public int MaxConcurrentReads { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>Requests that may wait for one of <see cref="MaxConcurrentReads"/>; beyond them a read answers 503 with Retry-After.</summary>
    public int MaxQueuedReads { get; set; } = 8 * Environment.ProcessorCount;
}

/// <summary>What a dashboard depends on: the period asked for (null: the latest month), the unit, the caller's role and the page.</summary>
internal sealed record DashboardKey(string? Period, long? UnitId, Role? Role, int Extremes, int SquadPage);

/// <summary>
/// Computed dashboards by <see cref="DashboardKey"/>. Their data changes only when a run completes or a decision is taken,
/// both of which raise <see cref="ResultsChanged"/> on the node where they happen; a short lifetime bounds how long
/// another node serves what it computed before. One computation per key at a time: concurrent misses share it.
/// </summary>
internal sealed class DashboardCache
{
    private const int MaxEntries = 2_000;
    private readonly ConcurrentDictionary<DashboardKey, Entry> _entries = new();
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;
    private long _generation;

    public DashboardCache(TimeProvider clock, IOptions<DashboardOptions> options, ResultsChanged changes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(changes);
        _clock = clock;
        _lifetime = options.Value.CacheLifetime;
        changes.Changed += Invalidate;
    }

    public Task<DashboardView> GetAsync(DashboardKey key, Func<Task<DashboardView>> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        if (_lifetime <= TimeSpan.Zero)
            return compute();
        var now = _clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var cached) && now < cached.Expires && !cached.Value.IsFaulted && !cached.Value.IsCanceled)
            return cached.Value;
        if (_entries.Count >= MaxEntries)
            _entries.Clear(); // many units × periods × pages at once is unusual; starting over keeps memory bounded
        var generation = Interlocked.Read(ref _generation);
        var fresh = new Entry(compute(), now + _lifetime);
        var stored = _entries.AddOrUpdate(key, fresh, (_, old) => old.Value.IsCompleted || old.Expires <= now ? fresh : old);
        // A change raised while this computed may not be in it: keep it for this caller only.
        if (Interlocked.Read(ref _generation) != generation)
            _entries.TryRemove(KeyValuePair.Create(key, stored));
        return stored.Value;
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private sealed record Entry(Task<DashboardView> Value, DateTimeOffset Expires);
}
