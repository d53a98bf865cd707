namespace AssessmentEngine.Rules;

/// <summary>
/// Score cards by the set of top-level rules that fired (one bit per rule), for cards that depend on nothing else. A fixed
/// open-addressed table read without locks: entries are immutable and published with a compare-exchange, so a reader sees
/// either nothing or a whole entry. When its probe window is full a card is simply not kept.
/// </summary>
internal sealed class CardTable
{
    private const int Size = 4096;
    private const int Probes = 16;
    private readonly Entry?[] _entries = new Entry?[Size];

    public ScoreCard? Find(ulong fired)
    {
        var at = SlotOf(fired);
        for (var probe = 0; probe < Probes; probe++)
        {
            var entry = Volatile.Read(ref _entries[(at + probe) & (Size - 1)]);
            if (entry is null)
                return null;
            if (entry.Fired == fired)
                return entry.Card;
        }
        return null;
    }

    public void Add(ulong fired, ScoreCard card)
    {
        var at = SlotOf(fired);
        for (var probe = 0; probe < Probes; probe++)
        {
            ref var slot = ref _entries[(at + probe) & (Size - 1)];
            var entry = Volatile.Read(ref slot) ?? Interlocked.CompareExchange(ref slot, new Entry(fired, card), null);
            if (entry is null || entry.Fired == fired)
                return;
        }
    }

    // Fibonacci hashing: the top bits of the product spread sets that differ in a few low bits over the whole table.
    private static int SlotOf(ulong fired) => (int)((fired * 0x9E3779B97F4A7C15UL) >> (64 - 12));

    private sealed class Entry(ulong fired, ScoreCard card)
    {
        public ulong Fired { get; } = fired;
        public ScoreCard Card { get; } = card;
    }
}
