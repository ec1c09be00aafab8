namespace AlpsGhost.Kernel.Fair;

/// <summary>
/// A Linux 6.6+ EEVDF runqueue (<c>kernel/sched/fair.c</c>): every task requests a base slice and gets a virtual
/// deadline that far ahead; the pick is the earliest deadline among eligible tasks (vruntime at or before the
/// load-weighted average vruntime V, i.e. lag = V - vruntime &gt;= 0); a sleeper keeps its lag, not its vruntime.
/// </summary>
/// <remarks>
/// Invariants: queued entries (waiting tasks and delayed sleepers) and a fair running task have vruntimes
/// absolute for this queue, and all of them count in V, as in the kernel's <c>avg_vruntime</c>; a task away from
/// every queue keeps only <c>Lag</c> (and, when migrating, its deadline relative to its vruntime). The queue is an
/// unsorted array scanned per decision: runqueues stay short, and a scan keeps V, eligibility and the pick in one
/// obviously correct place. Rules and their kernel functions: docs/simulator.md, "Fair class: eevdf".
/// </remarks>
internal sealed class EevdfRunQueue : IFairRunQueue
{
    private readonly SimCpu _cpu;
    private readonly EevdfParameters _p;
    private readonly long _tickNs;
    private SimTask[] _items = new SimTask[16];
    private int _n;
    private int _delayed;

    // V of the last non-empty computation: where a task joining an empty queue is placed (zero_vruntime).
    private long _lastAvg;

    public EevdfRunQueue(SimCpu cpu, EevdfParameters parameters, long tickNs)
    {
        _cpu = cpu;
        _p = parameters;
        _tickNs = tickNs;
    }

    public int Count => _n - _delayed;

    private SimTask? FairCurrent => _cpu.Current is { Class: TaskClass.Fair } c ? c : null;

    /// <summary><c>place_entity</c>: vruntime = V - lag x (W + w) / W (PLACE_LAG), deadline = vruntime + vslice (half for a new task, PLACE_DEADLINE_INITIAL; the kept relative deadline for a migrated one, PLACE_REL_DEADLINE).</summary>
    public void Enqueue(SimTask t, FairEnqueue how)
    {
        SimTask? cur = FairCurrent;
        t.VRuntime = PlacedVRuntime(t, Average(cur, null), how == FairEnqueue.New ? 0 : t.Lag, QueuedWeight() + (cur?.Weight ?? 0));
        t.Deadline = how switch
        {
            FairEnqueue.New => t.VRuntime + (VSlice(t) / 2),
            FairEnqueue.Migrated => t.VRuntime + t.RelativeDeadline,
            _ => t.VRuntime + VSlice(t),
        };
        t.Lag = 0;
        Add(t);
    }

    public void Requeue(SimTask t) => Add(t);

    /// <summary><c>pick_eevdf</c> with no running task; a delayed sleeper that comes up is dequeued with its lag reset to 0 (DELAY_ZERO) and the pick repeats.</summary>
    public SimTask? PopNext()
    {
        while (_n > 0)
        {
            int i = Pick(null, includeDelayed: true);
            SimTask t = _items[i];
            RemoveAt(i);
            if (!t.Delayed)
            {
                t.SliceProtectedUntil = t.Deadline; // RUN_TO_PARITY: set_protect_slice
                return t;
            }
            t.Delayed = false;
            _delayed--;
            t.Lag = 0;
        }
        return null;
    }

    /// <summary>A waiting task leaves with its lag (<c>update_entity_lag</c>) and its deadline relative to its vruntime.</summary>
    public SimTask PopForMigration()
    {
        int i = Pick(FairCurrent, includeDelayed: false, ignoreCurrent: true);
        SimTask t = _items[i];
        long avg = Average(FairCurrent, null);
        RemoveAt(i);
        t.Lag = ClampLag(t, avg - t.VRuntime);
        t.RelativeDeadline = t.Deadline - t.VRuntime;
        return t;
    }

    public void CurrentStopped(SimTask t)
    {
    }

    /// <summary><c>dequeue_entity</c> without DEQUEUE_SLEEP (a class change): <c>update_entity_lag</c> saves the running task's clamped lag, which it keeps in the other class.</summary>
    public void CurrentLeaves(SimTask t) => t.Lag = ClampLag(t, Average(t, null) - t.VRuntime);

    public void Remove(SimTask t)
    {
        long avg = Average(FairCurrent, null);
        RemoveAt(IndexOf(t));
        t.Lag = ClampLag(t, avg - t.VRuntime);
    }

    /// <summary><c>dequeue_entity</c> on sleep: save the clamped lag; with DELAY_DEQUEUE a task with negative lag (not eligible) stays queued.</summary>
    public void Sleep(SimTask t)
    {
        long lag = Average(null, t) - t.VRuntime;
        if (_p.DelayDequeue && lag < 0)
        {
            t.Delayed = true;
            _delayed++;
            Add(t);
            return;
        }
        t.Lag = ClampLag(t, lag);
    }

    /// <summary><c>requeue_delayed_entity</c>: a delayed sleeper wakes where it is; if its lag has turned positive it is re-placed with lag 0 (DELAY_ZERO).</summary>
    public bool WakeInPlace(SimTask t)
    {
        if (!t.Delayed)
        {
            return false;
        }
        t.Delayed = false;
        _delayed--;
        long avg = Average(FairCurrent, null);
        if (avg - t.VRuntime > 0)
        {
            RemoveAt(IndexOf(t));
            t.Lag = 0;
            Enqueue(t, FairEnqueue.Wake);
        }
        return true;
    }

    /// <summary>A delayed sleeper leaves (it exits, or <c>switched_from_fair</c> dequeues it for another class): it keeps only its debt, a negative lag (DELAY_ZERO).</summary>
    public void Forget(SimTask t)
    {
        if (t.Delayed)
        {
            t.Lag = Math.Min(0, ClampLag(t, Average(FairCurrent, null) - t.VRuntime));
            RemoveAt(IndexOf(t));
            t.Delayed = false;
            _delayed--;
        }
    }

    /// <summary><c>check_preempt_wakeup_fair</c>: preempt when the pick, honouring the running task's protected slice, is the woken task.</summary>
    public bool WakeupPreempts(SimTask current, SimTask woken)
    {
        int i = Pick(current, includeDelayed: false);
        return i >= 0 && _items[i] == woken;
    }

    /// <summary>When the running task's vruntime reaches its deadline (weighted wall time), noticed at the next tick unless HRTICK.</summary>
    public long SliceEnd(SimTask current, long startNs)
    {
        long v = current.Deadline - current.VRuntime;
        long wall = v <= 0 ? 0 : current.Weight == 1024 ? v : (long)(((Int128)v * current.Weight + 1023) / 1024);
        long end = AlpsGhost.Ghost.Nanoseconds.SaturatingAdd(startNs, Math.Max(wall, 1));
        if (_p.SliceEndsAtTick && end <= long.MaxValue - _tickNs)
        {
            end = ((end + _tickNs - 1) / _tickNs) * _tickNs;
        }
        return end;
    }

    /// <summary><c>update_deadline</c> (a new deadline one vslice past its vruntime) then reschedule: yield unless the pick is still the running task.</summary>
    public bool ShouldYield(SimTask current)
    {
        if (current.VRuntime < current.Deadline)
        {
            return false;
        }
        current.Deadline = current.VRuntime + VSlice(current);
        if (Count == 0)
        {
            return false;
        }
        return Pick(current, includeDelayed: false) >= 0;
    }

    /// <summary>
    /// <c>place_entity</c> for a running task that joins the class: the lag it kept (PLACE_LAG, scaled as in
    /// <see cref="Enqueue"/>, in the units of the weight it had when it left, for a class change applies a new nice
    /// without <c>reweight_entity</c>) and a fresh deadline one vslice of its present weight ahead.
    /// </summary>
    public void Adopt(SimTask t)
    {
        t.VRuntime = PlacedVRuntime(t, Average(null, null), t.Lag, QueuedWeight());
        t.Deadline = t.VRuntime + VSlice(t);
        t.SliceProtectedUntil = t.Deadline;
        t.Lag = 0;
    }

    /// <summary>
    /// <c>pick_eevdf</c>: the index of the eligible queued task with the earliest deadline, or -1 when the running
    /// task <paramref name="current"/> stays (it is eligible and inside its protected slice, RUN_TO_PARITY, or has
    /// a strictly earlier deadline: on a tie the queued task wins, as in the kernel). Ties among queued tasks:
    /// lower task index. Nothing eligible (rounding): the smallest vruntime.
    /// </summary>
    private int Pick(SimTask? current, bool includeDelayed, bool ignoreCurrent = false)
    {
        (long bas, Int128 sum, long weight) = Sums(current, null);
        SimTask? cur = current;
        if (cur != null && (ignoreCurrent || !Eligible(cur, bas, sum, weight)))
        {
            cur = null;
        }
        if (cur != null && cur.VRuntime < cur.SliceProtectedUntil)
        {
            return -1;
        }
        int best = -1;
        int fallback = -1;
        for (int i = 0; i < _n; i++)
        {
            SimTask e = _items[i];
            if (e.Delayed && !includeDelayed)
            {
                continue;
            }
            if (fallback < 0 || e.VRuntime < _items[fallback].VRuntime || (e.VRuntime == _items[fallback].VRuntime && e.Index < _items[fallback].Index))
            {
                fallback = i;
            }
            if (!Eligible(e, bas, sum, weight))
            {
                continue;
            }
            if (best < 0 || e.Deadline < _items[best].Deadline || (e.Deadline == _items[best].Deadline && e.Index < _items[best].Index))
            {
                best = i;
            }
        }
        if (cur != null && (best < 0 || cur.Deadline < _items[best].Deadline))
        {
            return -1;
        }
        return best >= 0 ? best : fallback;
    }

    /// <summary><c>entity_eligible</c>: vruntime &lt;= V, compared without dividing (as the kernel does).</summary>
    private static bool Eligible(SimTask t, long bas, Int128 sum, long weight) =>
        weight == 0 || (Int128)(t.VRuntime - bas) * weight <= sum;

    /// <summary>V = <c>avg_vruntime</c> over the queue (including delayed sleepers) and the optional extra tasks.</summary>
    private long Average(SimTask? a, SimTask? b)
    {
        (long bas, Int128 sum, long weight) = Sums(a, b);
        if (weight == 0)
        {
            return _lastAvg;
        }
        Int128 q = sum / weight;
        if (sum < 0 && q * weight != sum)
        {
            q--; // floor, so V never rounds past an entity that should be eligible
        }
        _lastAvg = bas + (long)q;
        return _lastAvg;
    }

    private (long Base, Int128 Sum, long Weight) Sums(SimTask? a, SimTask? b)
    {
        long bas = a?.VRuntime ?? b?.VRuntime ?? (_n > 0 ? _items[0].VRuntime : 0);
        Int128 sum = 0;
        long weight = 0;
        for (int i = 0; i < _n; i++)
        {
            sum += (Int128)(_items[i].VRuntime - bas) * _items[i].Weight;
            weight += _items[i].Weight;
        }
        if (a != null)
        {
            sum += (Int128)(a.VRuntime - bas) * a.Weight;
            weight += a.Weight;
        }
        if (b != null)
        {
            sum += (Int128)(b.VRuntime - bas) * b.Weight;
            weight += b.Weight;
        }
        return (bas, sum, weight);
    }

    /// <summary>PLACE_LAG: the vruntime that leaves <paramref name="t"/> with <paramref name="lag"/> once it has joined
    /// a queue of <paramref name="load"/> (its weight pulls V towards it, so the lag is scaled by (W + w) / W; on an
    /// empty queue it is not scaled).</summary>
    private static long PlacedVRuntime(SimTask t, long avg, long lag, long load)
    {
        if (lag != 0 && load > 0)
        {
            lag = (long)((Int128)lag * (load + t.Weight) / load);
        }
        return avg - lag;
    }

    private long QueuedWeight()
    {
        long w = 0;
        for (int i = 0; i < _n; i++)
        {
            w += _items[i].Weight;
        }
        return w;
    }

    /// <summary><c>calc_delta_fair(slice, se)</c>: the base slice in the task's virtual time.</summary>
    private long VSlice(SimTask t) => t.Weight == 1024 ? _p.BaseSliceNs : _p.BaseSliceNs * 1024 / t.Weight;

    /// <summary><c>update_entity_lag</c>'s bound: +-calc_delta_fair(max(2 x slice, TICK_NSEC)).</summary>
    private long ClampLag(SimTask t, long lag)
    {
        long limitWall = Math.Max(2 * _p.BaseSliceNs, _tickNs);
        long limit = t.Weight == 1024 ? limitWall : limitWall * 1024 / t.Weight;
        return Math.Clamp(lag, -limit, limit);
    }

    private void Add(SimTask t)
    {
        if (_n == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        _items[_n++] = t;
    }

    private int IndexOf(SimTask t)
    {
        for (int i = 0; i < _n; i++)
        {
            if (_items[i] == t)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"task {t.Tid} is not in CPU {_cpu.Id}'s EEVDF queue");
    }

    // Order does not matter for the model (every decision scans), but determinism does: the tie-breaks use task
    // indices, never positions.
    private void RemoveAt(int i)
    {
        _items[i] = _items[--_n];
        _items[_n] = null!;
    }
}
