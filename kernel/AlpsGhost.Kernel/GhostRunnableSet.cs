namespace AlpsGhost.Kernel;

/// <summary>The runnable ghost tasks (the ones the watchdog watches and ticks are kept for), with O(1) add and remove.</summary>
/// <remarks>Each member knows its position (<see cref="SimTask.GhostListPos"/>, -1 when absent); removal moves the
/// last member into the hole, so the order is not arrival order: whoever scans it must break ties itself.</remarks>
internal sealed class GhostRunnableSet
{
    private SimTask[] _items = new SimTask[64];

    /// <summary>Members.</summary>
    public int Count { get; private set; }

    /// <summary>Member <paramref name="i"/> (0..<see cref="Count"/>-1).</summary>
    public SimTask this[int i] => _items[i];

    /// <summary>Adds <paramref name="t"/>; false if it was already a member.</summary>
    public bool Add(SimTask t)
    {
        if (t.GhostListPos >= 0)
        {
            return false;
        }
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        t.GhostListPos = Count;
        _items[Count++] = t;
        return true;
    }

    /// <summary>Removes <paramref name="t"/> if it is a member.</summary>
    public void Remove(SimTask t)
    {
        int pos = t.GhostListPos;
        if (pos < 0)
        {
            return;
        }
        SimTask last = _items[--Count];
        _items[pos] = last;
        last.GhostListPos = pos;
        _items[Count] = null!;
        t.GhostListPos = -1;
    }

    /// <summary>Forgets every member at once (the enclave is gone; the tasks' positions are not consulted again).</summary>
    public void Clear() => Count = 0;
}
