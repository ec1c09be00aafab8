namespace AlpsGhost.Kernel.Fair;

/// <summary>
/// A Linux 5.11 CFS runqueue: waiting tasks in a binary min-heap on (vruntime, task index) standing in for the
/// rbtree, a monotonic <c>min_vruntime</c>, and 5.11's placement, slice and wake-up preemption rules.
/// </summary>
/// <remarks>
/// Invariants: a queued or running task's vruntime is absolute for this queue; a sleeping or migrating task's is
/// relative to the <c>min_vruntime</c> of the queue it left (<c>migrate_task_rq_fair</c>). Sources of every rule:
/// docs/simulator.md, "Fair class: cfs-5.11".
/// </remarks>
internal sealed class CfsRunQueue : IFairRunQueue
{
    private readonly SimCpu _cpu;
    private readonly CfsParameters _p;
    private SimTask[] _heap = new SimTask[16];

    public CfsRunQueue(SimCpu cpu, CfsParameters parameters)
    {
        _cpu = cpu;
        _p = parameters;
    }

    public int Count { get; private set; }

    /// <summary>Sum of the queued tasks' weights.</summary>
    private long Weight { get; set; }

    /// <summary><c>cfs_rq->min_vruntime</c>: monotonic.</summary>
    private long MinVruntime { get; set; }

    private SimTask? FairCurrent => _cpu.Current is { Class: TaskClass.Fair } c ? c : null;

    public void Enqueue(SimTask t, FairEnqueue how)
    {
        UpdateMin(FairCurrent);
        long min = MinVruntime;
        t.VRuntime = how switch
        {
            FairEnqueue.New => min + VSlice(t),                                     // START_DEBIT
            FairEnqueue.Wake => Math.Max(t.VRuntime + min, min - (_p.LatencyNs / 2)), // GENTLE_FAIR_SLEEPERS
            _ => t.VRuntime + min,                                                   // relative since it left its queue
        };
        Push(t);
    }

    public void Requeue(SimTask t) => Push(t);

    public SimTask? PopNext() => Count > 0 ? Pop() : null;

    public SimTask PopForMigration()
    {
        SimTask t = Pop();
        t.VRuntime -= MinVruntime;
        return t;
    }

    public void CurrentStopped(SimTask t) => UpdateMin(t);

    public void CurrentLeaves(SimTask t) => UpdateMin(t);

    public void Remove(SimTask t)
    {
        int i = Array.IndexOf(_heap, t, 0, Count);
        if (i < 0)
        {
            throw new InvalidOperationException($"task {t.Tid} is not in CPU {_cpu.Id}'s CFS queue");
        }
        // Move it to the root (as if its key were the smallest), then pop: O(log n), no second sift routine.
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[0] = t;
        Pop();
        t.VRuntime -= MinVruntime; // relative, as a sleeper's
    }

    public void Sleep(SimTask t) => t.VRuntime -= MinVruntime; // relative while asleep (migrate_task_rq_fair)

    public bool WakeInPlace(SimTask t) => false;

    public void Forget(SimTask t)
    {
    }

    /// <summary><c>wakeup_preempt_entity</c>: the waking task leads by more than the weighted wake-up granularity.</summary>
    public bool WakeupPreempts(SimTask current, SimTask woken)
    {
        long gran = woken.Weight == 1024 ? _p.WakeupGranularityNs : _p.WakeupGranularityNs * 1024 / woken.Weight;
        return current.VRuntime - woken.VRuntime > gran;
    }

    /// <summary>Exact slice timer (5.11 checks at the tick; see the deviations in docs/simulator.md).</summary>
    public long SliceEnd(SimTask current, long startNs) => AlpsGhost.Ghost.Nanoseconds.SaturatingAdd(startNs, Slice(current));

    /// <summary><c>check_preempt_tick</c>, reduced: yield when the leftmost waiting task is now behind us.</summary>
    public bool ShouldYield(SimTask current)
    {
        UpdateMin(current);
        return Count > 0 && _heap[0].VRuntime < current.VRuntime;
    }

    public void Adopt(SimTask t) => t.VRuntime = MinVruntime;

    /// <summary>sched_slice: period * w / W_rq, period = latency stretched to nr * min_gran beyond nr_latency; at least min_gran.</summary>
    private long Slice(SimTask t)
    {
        long nr = Count + 1;
        long weight = Weight + t.Weight;
        long slice = Period(nr) * t.Weight / weight;
        return Math.Max(slice, _p.MinGranularityNs);
    }

    /// <summary>sched_vslice for a new task joining this queue (START_DEBIT).</summary>
    private long VSlice(SimTask t)
    {
        SimTask? cur = _cpu.Current;
        long nr = Count + (cur != null ? 1 : 0) + 1;
        long weight = Weight + t.Weight + (cur?.Class == TaskClass.Fair ? cur.Weight : 0);
        long slice = Period(nr) * t.Weight / weight;
        return t.Weight == 1024 ? slice : slice * 1024 / t.Weight;
    }

    private long Period(long nr)
    {
        long nrLatency = _p.LatencyNs / _p.MinGranularityNs;
        return nr > nrLatency ? nr * _p.MinGranularityNs : _p.LatencyNs;
    }

    /// <summary><c>update_min_vruntime</c>: advance towards the smallest of the running task and the leftmost.</summary>
    private void UpdateMin(SimTask? current)
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

    private void Push(SimTask t)
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

    private SimTask Pop()
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

    private static bool Less(SimTask a, SimTask b) => a.VRuntime < b.VRuntime || (a.VRuntime == b.VRuntime && a.Index < b.Index);
}
