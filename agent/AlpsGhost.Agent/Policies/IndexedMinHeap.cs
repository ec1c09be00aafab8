namespace AlpsGhost.Agent.Policies;

/// <summary>
/// A binary min-heap of task-table slots ordered by <see cref="QueueKey"/>, with O(log n) removal of
/// any slot: the run queue of both policies.
/// </summary>
/// <remarks>
/// Every array is allocated in the constructor for slots 0..capacity-1; no operation allocates.
/// A slot is in the heap at most once. Not thread-safe (the agent thread owns it).
/// </remarks>
public sealed class IndexedMinHeap
{
    private readonly int[] _heap;       // heap order -> slot
    private readonly int[] _position;   // slot -> heap index, -1 if absent
    private readonly QueueKey[] _keys;  // slot -> key
    private int _count;

    /// <summary>Creates an empty heap for slots 0..<paramref name="capacity"/>-1.</summary>
    public IndexedMinHeap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _heap = new int[capacity];
        _position = new int[capacity];
        _keys = new QueueKey[capacity];
        Array.Fill(_position, -1);
    }

    /// <summary>Slots in the heap.</summary>
    public int Count => _count;

    /// <summary>Whether <paramref name="slot"/> is in the heap.</summary>
    public bool Contains(int slot) => _position[slot] >= 0;

    /// <summary>Inserts <paramref name="slot"/> with <paramref name="key"/>; updates the key if already present.</summary>
    public void Insert(int slot, QueueKey key)
    {
        if (_position[slot] >= 0)
        {
            Remove(slot);
        }
        _keys[slot] = key;
        int i = _count++;
        _heap[i] = slot;
        _position[slot] = i;
        SiftUp(i);
    }

    /// <summary>The slot with the smallest key, without removing it.</summary>
    public bool TryPeek(out int slot)
    {
        if (_count == 0)
        {
            slot = -1;
            return false;
        }
        slot = _heap[0];
        return true;
    }

    /// <summary>Removes and returns the slot with the smallest key.</summary>
    public bool TryPop(out int slot)
    {
        if (!TryPeek(out slot))
        {
            return false;
        }
        Remove(slot);
        return true;
    }

    /// <summary>Removes <paramref name="slot"/> if present; returns whether it was.</summary>
    public bool Remove(int slot)
    {
        int i = _position[slot];
        if (i < 0)
        {
            return false;
        }
        _position[slot] = -1;
        int last = --_count;
        if (i != last)
        {
            int moved = _heap[last];
            _heap[i] = moved;
            _position[moved] = i;
            SiftDown(i);
            SiftUp(_position[moved]);
        }
        return true;
    }

    private void SiftUp(int i)
    {
        int slot = _heap[i];
        QueueKey key = _keys[slot];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            int p = _heap[parent];
            if (!key.Before(_keys[p]))
            {
                break;
            }
            _heap[i] = p;
            _position[p] = i;
            i = parent;
        }
        _heap[i] = slot;
        _position[slot] = i;
    }

    private void SiftDown(int i)
    {
        int slot = _heap[i];
        QueueKey key = _keys[slot];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _count)
            {
                break;
            }
            if (child + 1 < _count && _keys[_heap[child + 1]].Before(_keys[_heap[child]]))
            {
                child++;
            }
            int c = _heap[child];
            if (!_keys[c].Before(key))
            {
                break;
            }
            _heap[i] = c;
            _position[c] = i;
            i = child;
        }
        _heap[i] = slot;
        _position[slot] = i;
    }
}
