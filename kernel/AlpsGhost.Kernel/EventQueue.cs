namespace AlpsGhost.Kernel;

/// <summary>What an event does.</summary>
internal enum EventKind : byte
{
    Arrival,
    FairSpawn,
    Wakeup,
    CpuDone,
    LatchEffective,
    AgentWake,
    AgentDone,
    AgentSpinEnd,
    Tick,
    Balance,
    Callback,
    FairServerStart,
    FairServerEnd,
}

/// <summary>One pending event; ordered by (Time, Seq) so ties resolve in insertion order.</summary>
internal struct SimEvent
{
    public long Time;
    public long Seq;
    public EventKind Kind;
    public int Arg;
    public int Gen;
}

/// <summary>A binary min-heap of <see cref="SimEvent"/> keyed by (time, sequence): deterministic, allocation-free once grown.</summary>
internal sealed class EventQueue
{
    private SimEvent[] _heap = new SimEvent[1024];
    private long _seq;

    public int Count { get; private set; }

    public void Push(long time, EventKind kind, int arg, int gen)
    {
        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }
        SimEvent e = new() { Time = time, Seq = _seq++, Kind = kind, Arg = arg, Gen = gen };
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(in e, in _heap[parent]))
            {
                break;
            }
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = e;
    }

    public long PeekTime => _heap[0].Time;

    public SimEvent Pop()
    {
        SimEvent top = _heap[0];
        SimEvent last = _heap[--Count];
        int i = 0;
        int n = Count;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }
            if (child + 1 < n && Less(in _heap[child + 1], in _heap[child]))
            {
                child++;
            }
            if (!Less(in _heap[child], in last))
            {
                break;
            }
            _heap[i] = _heap[child];
            i = child;
        }
        if (n > 0)
        {
            _heap[i] = last;
        }
        return top;
    }

    private static bool Less(in SimEvent a, in SimEvent b) => a.Time < b.Time || (a.Time == b.Time && a.Seq < b.Seq);
}
