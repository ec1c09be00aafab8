using AlpsGhost.Agent.Observation;

namespace AlpsGhost.Agent.Learning;

/// <summary>
/// The learner's sliding window: the most recent <see cref="InvocationRecord"/>s, one per task (gtid),
/// kept while their end time is inside the window.
/// </summary>
/// <remarks>
/// Invariants: at most one record per gtid; a completed record is final (later progress snapshots of the
/// same gtid are ignored); among progress snapshots the one with the latest <see cref="InvocationRecord.EndNs"/>
/// wins. <see cref="Evict"/> drops records whose end time is older than <c>now - window</c>.
/// Not thread-safe: owned by the learner thread (cold path; the ordering buffer is reused across rounds).
/// </remarks>
public sealed class InvocationWindow
{
    /// <summary>Default window length: 60 s, the sliding window the agent learns from.</summary>
    public const long DefaultWindowNs = 60_000_000_000;

    private readonly Dictionary<long, InvocationRecord> _byGtid = [];
    private InvocationRecord[] _ordered = [];

    /// <summary>Creates a window of <paramref name="windowNs"/> nanoseconds.</summary>
    public InvocationWindow(long windowNs = DefaultWindowNs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(windowNs, 0, nameof(windowNs));
        WindowNs = windowNs;
    }

    /// <summary>Window length (ns).</summary>
    public long WindowNs { get; }

    /// <summary>Records (one per gtid) currently held.</summary>
    public int Count => _byGtid.Count;

    /// <summary>Adds <paramref name="record"/>, replacing an older snapshot of the same gtid.</summary>
    /// <returns>True when the record was stored; false when a completed record or a newer snapshot already exists.</returns>
    public bool Add(in InvocationRecord record)
    {
        if (_byGtid.TryGetValue(record.Gtid, out InvocationRecord existing))
        {
            // A completed record is final; a snapshot never replaces it, and an older snapshot never
            // replaces a newer one (records may arrive out of order across queue drains).
            if (existing.Completed && !record.Completed)
            {
                return false;
            }
            if (!existing.Completed && !record.Completed && record.EndNs < existing.EndNs)
            {
                return false;
            }
        }
        _byGtid[record.Gtid] = record;
        return true;
    }

    /// <summary>Drops every record whose end time is older than <c><paramref name="nowNs"/> - WindowNs</c>.</summary>
    /// <returns>The number of records dropped.</returns>
    public int Evict(long nowNs)
    {
        long horizon = nowNs - WindowNs;
        int before = _byGtid.Count;
        foreach (KeyValuePair<long, InvocationRecord> entry in _byGtid)
        {
            if (entry.Value.EndNs < horizon)
            {
                _byGtid.Remove(entry.Key); // allowed while enumerating since .NET Core 3.0
            }
        }
        return before - _byGtid.Count;
    }

    /// <summary>Removes every record.</summary>
    public void Clear() => _byGtid.Clear();

    /// <summary>
    /// The records in window order: by end time, then arrival, then gtid. This order stands for the
    /// original's log order (one line per completion) and gives SRPT job ids, so it must be deterministic.
    /// </summary>
    public InvocationRecord[] ToOrderedArray() => Ordered().ToArray();

    /// <summary>
    /// The records in window order (as <see cref="ToOrderedArray"/>), in a buffer this window reuses: the view is
    /// valid until the next call that changes or orders the window.
    /// </summary>
    /// <remarks>Why a reused buffer: the learner orders a window of up to ~100k records every round; a fresh array each
    /// time is a large-object-heap allocation per round. The order is total (gtids are unique), so the result does
    /// not depend on the sort algorithm; a struct comparer lets the sort inline the comparison.</remarks>
    public ReadOnlySpan<InvocationRecord> Ordered()
    {
        int count = _byGtid.Count;
        if (_ordered.Length < count)
        {
            _ordered = new InvocationRecord[Math.Max(count, _ordered.Length * 2)];
        }
        _byGtid.Values.CopyTo(_ordered, 0);
        Span<InvocationRecord> records = _ordered.AsSpan(0, count);
        records.Sort(default(WindowOrder));
        return records;
    }

    /// <summary>The window order used by <see cref="ToOrderedArray"/>.</summary>
    public static int CompareWindowOrder(InvocationRecord a, InvocationRecord b) => default(WindowOrder).Compare(a, b);

    // The window order as a struct comparer: the generic sort is specialised for it, no delegate call per comparison.
    private readonly struct WindowOrder : IComparer<InvocationRecord>
    {
        public int Compare(InvocationRecord a, InvocationRecord b)
        {
            int c = a.EndNs.CompareTo(b.EndNs);
            if (c != 0)
            {
                return c;
            }
            c = a.ArrivalNs.CompareTo(b.ArrivalNs);
            return c != 0 ? c : a.Gtid.CompareTo(b.Gtid);
        }
    }
}
