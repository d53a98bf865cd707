using System.Text.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Checks;

public sealed class RealTimeCheckOptions
{
    /// <summary>How old the in-memory copy of the checks and the officer directory may grow before it is reloaded in the background (another node's activation shows within this).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks waiting to be written to the audit log; when it is full a check answers 503 rather than go unrecorded.</summary>
    public int RecordQueueCapacity { get; set; } = 50_000;

    /// <summary>Most audit entries written in one transaction.</summary>
    public int RecordBatchSize { get; set; } = 500;

    /// <summary>How long the audit writer lets entries gather after the first one arrives: one commit per this interval at most, instead of one per check.</summary>
    public TimeSpan RecordDelay { get; set; } = TimeSpan.FromMilliseconds(50);
}

/// <summary>One active version of a real-time check, compiled, with the shape its event must have.</summary>
public sealed record CheckVersion(string Scheme, int Number, string Hash, AssessmentPeriod EffectiveFrom, CompiledWorkflow Workflow, JsonShape EventShape);

/// <summary>
/// What the hot path of a real-time check needs, read once from the database and then kept in memory: every active
/// version of every real-time check (compiled), the names of the other schemes, and officer → squad and unit → parent.
/// Immutable; a reload replaces it whole.
/// </summary>
public sealed class CheckDirectory
{
    private readonly Dictionary<string, CheckVersion[]> _checks;
    private readonly Dictionary<string, string> _otherSchemes;
    private readonly Dictionary<long, long> _officerSquads;
    private readonly Dictionary<long, long?> _unitParents;

    internal CheckDirectory(DateTimeOffset loadedAt, Dictionary<string, CheckVersion[]> checks, Dictionary<string, string> otherSchemes, Dictionary<long, long> officerSquads, Dictionary<long, long?> unitParents)
    {
        LoadedAt = loadedAt;
        _checks = checks;
        _otherSchemes = otherSchemes;
        _officerSquads = officerSquads;
        _unitParents = unitParents;
    }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>The version in force for <paramref name="period"/>: the active one with the latest start not after it.</summary>
    public CheckVersion? InForce(string scheme, AssessmentPeriod period, out bool known)
    {
        known = _checks.TryGetValue(scheme, out var versions);
        if (versions is null)
            return null;
        CheckVersion? best = null;
        foreach (var version in versions)
        {
            if (version.EffectiveFrom <= period && (best is null || version.EffectiveFrom > best.EffectiveFrom || (version.EffectiveFrom == best.EffectiveFrom && version.Number > best.Number)))
                best = version;
        }
        return best;
    }

    /// <summary>The period of an active scheme that is not a real-time check (Monthly, Quarterly), or null.</summary>
    public string? OtherSchemePeriod(string scheme) => _otherSchemes.GetValueOrDefault(scheme);

    public long? SquadOf(long officerId) => _officerSquads.TryGetValue(officerId, out var squad) ? squad : null;

    /// <summary>Whether <paramref name="unit"/> is <paramref name="root"/> or lies below it.</summary>
    public bool IsWithin(long unit, long root)
    {
        long? current = unit;
        for (var depth = 0; current is { } id && depth < 32; depth++)
        {
            if (id == root)
                return true;
            current = _unitParents.GetValueOrDefault(id);
        }
        return false;
    }
}

/// <summary>
/// Keeps the <see cref="CheckDirectory"/>: loads it on first use, reloads it in the background once it is older than
/// <see cref="RealTimeCheckOptions.RefreshInterval"/> (requests meanwhile use the old one), and drops it when this node
/// activates a version so the next check sees the new one at once. Compiled rule sets come from the engine's cache, so a
/// reload compiles only versions it has not seen.
/// </summary>
public sealed class RealTimeChecks(IServiceScopeFactory scopes, SchemeCatalog catalog, TimeProvider clock, IOptions<RealTimeCheckOptions> options, ILogger<RealTimeChecks> logger) : IDisposable
{
    /// <summary>The engine that answers checks (Rules:Engine); the same as for runs.</summary>
    public SchemeEngines Engines => catalog.Engines;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile CheckDirectory? _directory;
    private int _generation;
    private int _refreshing;

    public async ValueTask<CheckDirectory> CurrentAsync(CancellationToken cancellationToken)
    {
        var directory = _directory;
        if (directory is null)
            return await LoadAsync(null, cancellationToken);
        if (clock.GetUtcNow() - directory.LoadedAt >= options.Value.RefreshInterval && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            _ = RefreshInBackgroundAsync(directory);
        return directory;
    }

    /// <summary>Reloads now unless someone else already did since <paramref name="seen"/> (e.g. for an officer added a moment ago).</summary>
    public Task<CheckDirectory> ReloadAsync(CheckDirectory seen, CancellationToken cancellationToken) => LoadAsync(seen, cancellationToken);

    public void Dispose() => _loading.Dispose();

    /// <summary>Forgets the directory: a version was activated or retired on this node.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _directory = null;
    }

    private async Task RefreshInBackgroundAsync(CheckDirectory seen)
    {
        try
        {
            await LoadAsync(seen, CancellationToken.None);
        }
#pragma warning disable CA1031 // A failed background refresh keeps the old directory; the next request tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Reloading the real-time checks failed; the previous copy stays in use");
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task<CheckDirectory> LoadAsync(CheckDirectory? seen, CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_directory is { } current && !ReferenceEquals(current, seen))
                return current;
            var generation = Volatile.Read(ref _generation);
            var loaded = await ReadAsync(cancellationToken);
            // An invalidation while reading means the read may predate the change: use it for this request, keep nothing.
            if (generation == Volatile.Read(ref _generation))
                _directory = loaded;
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<CheckDirectory> ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        var loadedAt = clock.GetUtcNow();
        var versions = await db.RuleSetVersions.AsNoTracking().Where(v => v.Status == RuleSetStatus.Active).ToListAsync(cancellationToken);
        var checks = new Dictionary<string, List<CheckVersion>>(StringComparer.Ordinal);
        var others = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var version in versions)
        {
            var check = catalog.Check(version.Content, $"{version.SchemeName} v{version.Number}");
            if (check.Population != SchemePopulation.Event)
            {
                others[version.SchemeName] = check.Period;
                continue;
            }
            if (check.Compiled.RuleSet is not { } ruleSet || SchemeCatalog.EventShapeOf(ruleSet.Workflows[0].Definition.Scheme) is not { } shape || version.EffectiveFrom is not { } from)
            {
                logger.LogError("Active real-time check {Scheme} v{Number} no longer compiles and is left out", version.SchemeName, version.Number);
                continue;
            }
            if (!checks.TryGetValue(version.SchemeName, out var list))
                checks[version.SchemeName] = list = [];
            list.Add(new CheckVersion(version.SchemeName, version.Number, version.Hash, from, ruleSet.Workflows[0], shape));
        }
        var officers = await db.Officers.AsNoTracking().Select(o => new { o.Id, o.SquadId }).ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.ParentId }).ToListAsync(cancellationToken);
        return new CheckDirectory(
            loadedAt,
            checks.ToDictionary(c => c.Key, c => c.Value.ToArray(), StringComparer.Ordinal),
            others,
            officers.ToDictionary(o => o.Id, o => o.SquadId),
            units.ToDictionary(u => u.Id, u => u.ParentId));
    }
}

/// <summary>Reads the member of an event that names its officer, case-insensitively like the rules do.</summary>
internal static class EventMembers
{
    public static bool TryGet(JsonElement document, string name, out JsonElement value)
    {
        foreach (var property in document.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }
}
