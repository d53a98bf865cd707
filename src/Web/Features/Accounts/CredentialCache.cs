using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>
/// Credentials (bearer tokens, sessions) this node recently found valid in the database, so that a busy client is not
/// one look-up per request. An entry lives <see cref="AccountOptions.TokenCacheLifetime"/> (30 s by default; zero turns
/// the cache off). Revoking drops the entry on the node that revoked at once; other nodes stop accepting the credential
/// when their entry expires — the price of the cache, stated in ADR 6 and ADR 21.
/// </summary>
internal abstract class CredentialCache<TValue>(TimeProvider clock, IOptions<AccountOptions> options)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime = options.Value.TokenCacheLifetime;

    public bool TryGet(string key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && clock.GetUtcNow() < entry.Expires)
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public void Remember(string key, TValue value)
    {
        if (_lifetime <= TimeSpan.Zero)
            return;
        if (_entries.Count >= MaxEntries)
            _entries.Clear(); // a flood of distinct valid credentials is unusual; starting over keeps memory bounded
        _entries[key] = new Entry(value, clock.GetUtcNow() + _lifetime);
    }

    public void Forget(string key) => _entries.TryRemove(key, out _);

    /// <summary>Drops every entry whose value matches, e.g. all tokens of an id or all sessions of a user.</summary>
    public void ForgetWhere(Func<TValue, bool> matches)
    {
        foreach (var (key, entry) in _entries)
        {
            if (matches(entry.Value))
                _entries.TryRemove(key, out _);
        }
    }

    private sealed record Entry(TValue Value, DateTimeOffset Expires);
}
