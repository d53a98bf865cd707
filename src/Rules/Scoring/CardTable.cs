namespace AssessmentEngine.Rules;

/// <summary>
/// Score cards by the set of top-level rules that fired (one bit per rule), for cards that depend on nothing else. A fixed
/// open-addressed table of (set, card) pairs held inline, so a lookup reads one slot rather than an entry object besides.
/// Readers take no lock: a slot is written once, its set before its card (a release write), and a reader reads the card
/// first (an acquire read), so a card it sees always comes with its own set. Writers, on a miss only, take a lock.
/// When the probe window is full a card is simply not kept.
/// </summary>
internal sealed class CardTable
{
    private const int Bits = 12;
    private const int Size = 1 << Bits;
    private const int Probes = 16;
    private readonly Slot[] _slots = new Slot[Size];
    private readonly Lock _writing = new();

    public ScoreCard? Find(ulong fired)
    {
        var at = SlotOf(fired);
        for (var probe = 0; probe < Probes; probe++)
        {
            ref var slot = ref _slots[(at + probe) & (Size - 1)];
            var card = Volatile.Read(ref slot.Card);
            if (card is null)
                return null;
            if (slot.Fired == fired)
                return card;
        }
        return null;
    }

    public void Add(ulong fired, ScoreCard card)
    {
        var at = SlotOf(fired);
        lock (_writing)
        {
            for (var probe = 0; probe < Probes; probe++)
            {
                ref var slot = ref _slots[(at + probe) & (Size - 1)];
                if (slot.Card is null)
                {
                    slot.Fired = fired;
                    Volatile.Write(ref slot.Card, card);
                    return;
                }
                if (slot.Fired == fired)
                    return;
            }
        }
    }

    // Fibonacci hashing: the top bits of the product spread sets that differ in a few low bits over the whole table.
    private static int SlotOf(ulong fired) => (int)((fired * 0x9E3779B97F4A7C15UL) >> (64 - Bits));

    private struct Slot
    {
        public ulong Fired;
        public ScoreCard? Card;
    }
}
