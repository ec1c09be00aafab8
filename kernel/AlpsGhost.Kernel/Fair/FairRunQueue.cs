namespace AlpsGhost.Kernel.Fair;

/// <summary>
/// A CFS runqueue of waiting (not running) tasks: a binary min-heap on (vruntime, task index) standing in
/// for the rbtree, plus <c>min_vruntime</c>.
/// </summary>
internal sealed class FairRunQueue
{
    private SimTask[] _heap = new SimTask[16];

    public int Count { get; private set; }

    /// <summary>Sum of the queued tasks' weights.</summary>
    public long Weight { get; private set; }

    /// <summary><c>cfs_rq->min_vruntime</c>: monotonic.</summary>
    public long MinVruntime { get; set; }

    public SimTask Min => _heap[0];

    public void Push(SimTask t)
    {
        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }
        Weight += t.Weight;
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(t, _heap[parent]))
            {
                break;
            }
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = t;
    }

    public SimTask Pop()
    {
        SimTask top = _heap[0];
        Weight -= top.Weight;
        SimTask last = _heap[--Count];
        _heap[Count] = null!;
        int n = Count;
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }
            if (child + 1 < n && Less(_heap[child + 1], _heap[child]))
            {
                child++;
            }
            if (!Less(_heap[child], last))
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

    /// <summary><c>update_min_vruntime</c>: advance towards the smallest of the running task and the leftmost.</summary>
    public void UpdateMin(SimTask? current)
    {
        long v;
        if (current != null)
        {
            v = Count > 0 ? Math.Min(current.VRuntime, _heap[0].VRuntime) : current.VRuntime;
        }
        else if (Count > 0)
        {
            v = _heap[0].VRuntime;
        }
        else
        {
            return;
        }
        if (v > MinVruntime)
        {
            MinVruntime = v;
        }
    }

    private static bool Less(SimTask a, SimTask b) => a.VRuntime < b.VRuntime || (a.VRuntime == b.VRuntime && a.Index < b.Index);
}
