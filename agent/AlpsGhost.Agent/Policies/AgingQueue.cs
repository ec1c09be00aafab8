namespace AlpsGhost.Agent.Policies;

/// <summary>
/// Arrival order of queued tasks, for a starvation bound: answers "which queued task has waited longest,
/// and since when". Entries are removed lazily: an entry is live while its task is still queued under
/// the same enqueue sequence, so a task set aside for a round and put back (same sequence) keeps its place.
/// </summary>
/// <remarks>Allocation-free after construction: a ring of (slot, sequence, since) that is compacted in
/// place when full.</remarks>
internal sealed class AgingQueue
{
    private readonly int[] _slot;
    private readonly long[] _sequence;
    private readonly long[] _since;
    private readonly long[] _liveSequence; // per task slot: the sequence its live entry must carry, or -1
    private readonly IndexedMinHeap _queued;
    private int _head;
    private int _count;

    public AgingQueue(int taskCapacity, IndexedMinHeap queued)
    {
        _queued = queued;
        int size = Math.Max(16, taskCapacity * 2);
        _slot = new int[size];
        _sequence = new long[size];
        _since = new long[size];
        _liveSequence = new long[taskCapacity];
        Array.Fill(_liveSequence, -1);
    }

    /// <summary>Records that <paramref name="slot"/> became runnable at <paramref name="sinceNs"/>.</summary>
    public void Add(int slot, long sequence, long sinceNs)
    {
        if (_count == _slot.Length)
        {
            Compact();
        }
        int tail = (_head + _count) % _slot.Length;
        _slot[tail] = slot;
        _sequence[tail] = sequence;
        _since[tail] = sinceNs;
        _count++;
        _liveSequence[slot] = sequence;
    }

    /// <summary>The longest-waiting live task, if any.</summary>
    public bool TryOldest(out int slot, out long sinceNs)
    {
        while (_count > 0)
        {
            int s = _slot[_head];
            if (IsLive(s, _sequence[_head]))
            {
                slot = s;
                sinceNs = _since[_head];
                return true;
            }
            _head = (_head + 1) % _slot.Length;
            _count--;
        }
        slot = -1;
        sinceNs = 0;
        return false;
    }

    private bool IsLive(int slot, long sequence) => _liveSequence[slot] == sequence && _queued.Contains(slot);

    // Drops dead entries in place; there is at most one live entry per task slot, so this always frees room.
    private void Compact()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            int from = (_head + i) % _slot.Length;
            if (IsLive(_slot[from], _sequence[from]))
            {
                _slot[kept] = _slot[from];
                _sequence[kept] = _sequence[from];
                _since[kept] = _since[from];
                kept++;
            }
        }
        _head = 0;
        _count = kept;
    }
}
