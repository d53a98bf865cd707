using System.Collections.Concurrent;
using AssessmentEngine.Web.Infrastructure.Security;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>
/// Tokens recently found valid, keyed by the hash of the presented text, so that a terminal calling the real-time check
/// a thousand times a second is not a thousand database look-ups. An entry lives <see cref="AccountOptions.TokenCacheLifetime"/>
/// (30 s by default; zero turns the cache off). Revoking a token drops it on the node that revoked it at once; other
/// nodes stop accepting it when their entry expires — the price of the cache, stated in ADR 6.
/// </summary>
internal sealed class ApiTokenCache(TimeProvider clock, Microsoft.Extensions.Options.IOptions<AccountOptions> options)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime = options.Value.TokenCacheLifetime;

    public sealed record ValidToken(long Id, string Name, Role Role, long? UnitId);

    public bool TryGet(string hash, out ValidToken token)
    {
        if (_entries.TryGetValue(hash, out var entry) && clock.GetUtcNow() < entry.Expires)
        {
            token = entry.Token;
            return true;
        }
        token = null!;
        return false;
    }

    public void Remember(string hash, ValidToken token)
    {
        if (_lifetime <= TimeSpan.Zero)
            return;
        if (_entries.Count >= MaxEntries)
            _entries.Clear(); // a flood of distinct valid tokens is unusual; starting over keeps memory bounded
        _entries[hash] = new Entry(token, clock.GetUtcNow() + _lifetime);
    }

    public void Forget(long tokenId)
    {
        foreach (var (hash, entry) in _entries)
        {
            if (entry.Token.Id == tokenId)
                _entries.TryRemove(hash, out _);
        }
    }

    private sealed record Entry(ValidToken Token, DateTimeOffset Expires);
}
