using AlpsGhost.Agent.Observation;

namespace AlpsGhost.Linux;

/// <summary>
/// The stock-Linux backend's task table and enforcement: places each discovered task (raised or fair), demotes a
/// raised task when it used its slice or waited past the starvation bound, re-maps its band when its order key
/// crosses one, weights fair-tier tasks by the policy's order (their nice), records every finished invocation for
/// the learner, and returns every raised or weighted task to fair at nice 0 on stop.
/// </summary>
/// <remarks>
/// <para>Runs on the agent thread only. The kernel, the CPU-time source and the watchdog journal are interfaces,
/// so the decisions are tested with a fake clock and a recorder of "sched_setattr" calls.</para>
/// <para>Invariants: a task is journalled before the call that raises it (or gives it a nice other than 0) and
/// journalled as returned only once it is in SCHED_OTHER at nice 0 or gone, so the watchdog's list always covers
/// every task the agent changed; a task is raised at most once (a demoted task stays in the fair tier until it
/// exits); the tick costs one CPU-time read per raised task, and every <see cref="ReweighTicks"/> ticks one per
/// weighted task (whose nice then follows its order key as it runs).</para>
/// <para>A task that is real-time when discovered belongs to another owner (for example a FaaS platform that
/// starts its sandboxes above every band and drops them to the fair class itself): it is left alone (pending) and
/// placed on the first tick that finds it in the fair class, so the agent never races that owner.</para>
/// <para>A finished invocation is recorded with the CPU time and wait since its discovery: what the function used
/// while the agent could act on it (the process start before its exec or naming is the platform's).</para>
/// <para>Steady state allocates nothing: slots are arrays sized at construction; the tid map is a dictionary
/// whose capacity is reserved up front.</para>
/// </remarks>
public sealed class LinuxEnforcer
{
    /// <summary>Ticks between re-evaluations of the weighted tasks' nice (their key changes slowly; 5 x 4 ms = 20 ms).</summary>
    public const int ReweighTicks = 5;

    private const int EPERM = 1, ESRCH = 3;
    private readonly LinuxPlacement _placement;
    private readonly IKernelScheduling _kernel;
    private readonly ITaskCpuSource _cpu;
    private readonly IRaisedTaskJournal _journal;
    private readonly ObservationQueue? _observations;
    private readonly Action<string> _log;
    private readonly long _starvationLimitNs;
    private readonly LinuxTask[] _tasks;
    private readonly int[] _free;
    private int _freeCount;
    private readonly SlotList _raised, _pending, _weighted;
    private readonly Dictionary<int, int> _slotOf;
    private readonly HashSet<int> _rtRefusedFunctions = [];

    /// <summary>Creates the enforcer.</summary>
    /// <param name="placement">The policy's decisions.</param>
    /// <param name="kernel">sched_setattr.</param>
    /// <param name="cpu">schedstat.</param>
    /// <param name="journal">The watchdog's list of raised tasks.</param>
    /// <param name="starvationLimitNs">A raised task that waited longer than this on the run queue goes fair; 0 = off.</param>
    /// <param name="maxTasks">Tasks tracked at once (beyond: left alone, counted).</param>
    /// <param name="observations">Where finished invocations go for the learner (null: not learning).</param>
    /// <param name="log">One line per notable event (rare: never per task in steady state).</param>
    public LinuxEnforcer(LinuxPlacement placement, IKernelScheduling kernel, ITaskCpuSource cpu, IRaisedTaskJournal journal,
        long starvationLimitNs, int maxTasks = 4096, ObservationQueue? observations = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(placement);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentOutOfRangeException.ThrowIfNegative(starvationLimitNs);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTasks, 1);
        _placement = placement;
        _kernel = kernel;
        _cpu = cpu;
        _journal = journal;
        _starvationLimitNs = starvationLimitNs;
        _observations = observations;
        _log = log ?? (_ => { });
        _tasks = new LinuxTask[maxTasks];
        _free = new int[maxTasks];
        for (int i = 0; i < maxTasks; i++)
        {
            _free[i] = maxTasks - 1 - i;
        }
        _freeCount = maxTasks;
        _raised = new SlotList(_tasks);
        _pending = new SlotList(_tasks);
        _weighted = new SlotList(_tasks);
        _slotOf = new Dictionary<int, int>(maxTasks);
    }

    /// <summary>What the enforcer did.</summary>
    public LinuxAgentCounters Counters { get; } = new();

    /// <summary>Tasks tracked now.</summary>
    public int TrackedCount => _slotOf.Count;

    /// <summary>Tasks raised now.</summary>
    public int RaisedCount => _raised.Count;

    /// <summary>Tasks the tick must visit: raised ones, pending ones (real-time under another owner when discovered)
    /// and weighted ones (fair tier at a nice of their order key).</summary>
    public int TickedCount => _raised.Count + _pending.Count + _weighted.Count;

    /// <summary>The policy's decisions.</summary>
    public LinuxPlacement Placement => _placement;

    /// <summary>Whether <paramref name="tid"/> is tracked, and its function.</summary>
    public bool TryGetFunction(int tid, out int functionId)
    {
        if (_slotOf.TryGetValue(tid, out int slot))
        {
            functionId = _tasks[slot].FunctionId;
            return true;
        }
        functionId = -1;
        return false;
    }

    /// <summary>The tracked tids (a copy: for resynchronisation only, not the hot path).</summary>
    public int[] TrackedTids() => [.. _slotOf.Keys];

    /// <summary>Whether <paramref name="tid"/> is raised now, at which priority.</summary>
    public bool IsRaised(int tid, out int priority)
    {
        priority = 0;
        if (_slotOf.TryGetValue(tid, out int slot) && _tasks[slot].State == LinuxTaskState.Raised)
        {
            priority = _tasks[slot].Priority;
            return true;
        }
        return false;
    }

    /// <summary>The nice the agent gave <paramref name="tid"/> in the fair tier (0 when none, or not tracked).</summary>
    public int NiceOf(int tid) => _slotOf.TryGetValue(tid, out int slot) ? _tasks[slot].Nice : 0;

    /// <summary>Starts tracking a task of <paramref name="functionId"/> and places it per the policy.</summary>
    /// <param name="tid">The thread.</param>
    /// <param name="tgid">Its process.</param>
    /// <param name="functionId">Its function (>= 0).</param>
    /// <param name="startTime">Its start time (clock ticks since boot, /proc stat field 22): identifies it to the watchdog.</param>
    /// <param name="declaredDemandNs">srpt: declared CPU demand; 0 = none.</param>
    /// <param name="nowNs">Agent clock.</param>
    /// <returns>False when it was already tracked, is gone, or the table is full.</returns>
    public bool Track(int tid, int tgid, int functionId, long startTime, long declaredDemandNs, long nowNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(functionId);
        if (_slotOf.ContainsKey(tid))
        {
            return false;
        }
        if (_freeCount == 0)
        {
            Counters.TableFull++;
            return false;
        }
        int handle = -1;
        if (!_cpu.TryRead(tgid, tid, ref handle, out long cpuNs, out long waitNs))
        {
            _cpu.Release(ref handle);
            return false; // exited before we saw it
        }
        int slot = _free[--_freeCount];
        _slotOf.Add(tid, slot);
        ref LinuxTask t = ref _tasks[slot];
        t = new LinuxTask
        {
            Tid = tid,
            Tgid = tgid,
            FunctionId = functionId,
            StartTime = startTime,
            DeclaredDemandNs = declaredDemandNs,
            DiscoveredNs = nowNs,
            Handle = handle,
            CpuNs = cpuNs,
            WaitNs = waitNs,
            CpuAtDiscoveryNs = cpuNs,
            WaitAtDiscoveryNs = waitNs,
            State = LinuxTaskState.Fair,
            ListIndex = -1,
        };
        Counters.Discovered++;
        if (_kernel.IsRealtime(tid))
        {
            t.State = LinuxTaskState.Pending;
            _pending.Add(slot);
            Counters.Pending++;
            return true;
        }
        Place(slot, nowNs);
        return true;
    }

    private void Place(int slot, long nowNs)
    {
        ref LinuxTask t = ref _tasks[slot];
        if (_placement.TryPlace(t.FunctionId, t.DeclaredDemandNs, nowNs, out Placement p))
        {
            TryRaise(slot, p);
        }
        if (t.State != LinuxTaskState.Raised)
        {
            Weigh(slot);
        }
    }

    // Sets a fair-tier task's nice to its order key's. A task enters the weighted list (journalled first: the watchdog
    // returns it to nice 0) the first time it leaves nice 0, and stays there until it exits or the agent stops. A
    // refused nice leaves the task where it was.
    private void Weigh(int slot)
    {
        ref LinuxTask t = ref _tasks[slot];
        bool listed = t.ListIndex >= 0;
        int nice = FairNice(in t);
        if (nice == t.Nice)
        {
            return;
        }
        if (!listed)
        {
            _journal.Raised(t.Tid, t.StartTime);
        }
        int error = _kernel.MakeFair(t.Tid, nice);
        if (error != 0 && error != ESRCH)
        {
            if (!listed)
            {
                _journal.Returned(t.Tid);
            }
            return;
        }
        if (!listed)
        {
            _weighted.Add(slot);
            Counters.Weighted++;
        }
        t.Nice = nice; // (ESRCH: gone; its exit clears the journal)
    }

    private void TryRaise(int slot, in Placement p)
    {
        ref LinuxTask t = ref _tasks[slot];
        if (!_journal.Healthy)
        {
            Counters.NotRaisedWithoutWatchdog++;
            return;
        }
        _journal.Raised(t.Tid, t.StartTime);
        int error = _kernel.Raise(t.Tid, p.Priority, _placement.RoundRobin);
        if (error != 0)
        {
            _journal.Returned(t.Tid);
            if (error == EPERM)
            {
                Counters.RtRefused++;
                if (_rtRefusedFunctions.Add(t.FunctionId))
                {
                    _log($"tid {t.Tid} (function {t.FunctionId}) cannot be made real-time (EPERM): it is probably in a cpu cgroup whose cpu.rt_runtime_us is 0 (RT_GROUP_SCHED); left fair, as are further such tasks of this function (counted in rt_refused)");
                }
            }
            else
            {
                Counters.RaiseFailed++;
            }
            return;
        }
        t.State = LinuxTaskState.Raised;
        t.Priority = p.Priority;
        t.SliceNs = p.SliceNs;
        t.Key = p.Key;
        t.CpuAtRaiseNs = t.CpuNs;
        t.WaitAtRaiseNs = t.WaitNs;
        _raised.Add(slot);
        Counters.Raised++;
    }

    /// <summary>The task exited: reads its final CPU time, records the invocation, forgets it.</summary>
    public void Exited(int tid, long nowNs)
    {
        if (!_slotOf.Remove(tid, out int slot))
        {
            return;
        }
        ref LinuxTask t = ref _tasks[slot];
        if (_cpu.TryRead(t.Tgid, t.Tid, ref t.Handle, out long cpuNs, out long waitNs))
        {
            t.CpuNs = cpuNs;
            t.WaitNs = waitNs;
        }
        else
        {
            Counters.CpuAtExitMissed++;
        }
        _cpu.Release(ref t.Handle);
        if (t.ListIndex >= 0)
        {
            ListOf(t.State).Remove(slot);
            if (t.State != LinuxTaskState.Pending)
            {
                _journal.Returned(tid); // raised or weighted: its scheduling died with it
            }
        }
        Counters.Completed++;
        if (_observations is not null)
        {
            long elapsed = Math.Max(0, nowNs - t.DiscoveredNs);
            long cpu = Math.Max(0, t.CpuNs - t.CpuAtDiscoveryNs), wait = Math.Max(0, t.WaitNs - t.WaitAtDiscoveryNs);
            var record = new InvocationRecord
            {
                FunctionId = t.FunctionId,
                Bursts = 1,
                Gtid = t.Tid,
                ArrivalNs = t.DiscoveredNs,
                EndNs = Math.Max(nowNs, t.DiscoveredNs),
                CpuNs = cpu,
                WaitNs = wait,
                BlockedNs = Math.Max(0, elapsed - cpu - wait),
                Completed = true,
            };
            _observations.TryWrite(record);
        }
        t = default;
        _free[_freeCount++] = slot;
    }

    // The list a task in state s is on (when it is on one).
    private SlotList ListOf(LinuxTaskState s) => s switch
    {
        LinuxTaskState.Raised => _raised,
        LinuxTaskState.Pending => _pending,
        _ => _weighted,
    };

    /// <summary>The periodic tick: places pending tasks that became fair; reads each raised task's CPU time and wait,
    /// demotes or re-maps it; every <see cref="ReweighTicks"/> ticks re-weighs the weighted tasks.</summary>
    public void Tick(long nowNs)
    {
        Counters.Ticks++;
        // Each loop runs backwards: removing entry i moves the last entry into i, which was already visited.
        for (int i = _pending.Count - 1; i >= 0; i--)
        {
            int slot = _pending[i];
            if (!_kernel.IsRealtime(_tasks[slot].Tid))
            {
                _pending.Remove(slot);
                _tasks[slot].State = LinuxTaskState.Fair;
                Place(slot, nowNs);
            }
        }
        for (int i = _raised.Count - 1; i >= 0; i--)
        {
            int slot = _raised[i];
            ref LinuxTask t = ref _tasks[slot];
            if (!_cpu.TryRead(t.Tgid, t.Tid, ref t.Handle, out long cpuNs, out long waitNs))
            {
                continue; // exiting: its EXIT event (or a resync) removes it
            }
            t.CpuNs = cpuNs;
            t.WaitNs = waitNs;
            if (cpuNs - t.CpuAtRaiseNs >= t.SliceNs)
            {
                Demote(slot);
                Counters.DemotedSlice++;
            }
            else if (_starvationLimitNs > 0 && waitNs - t.WaitAtRaiseNs > _starvationLimitNs)
            {
                Demote(slot);
                Counters.DemotedStarved++;
            }
            else if (t.Key != OrderKeyKind.None)
            {
                int priority = _placement.PriorityAt(t.Key, t.FunctionId, t.DeclaredDemandNs, cpuNs - t.CpuAtDiscoveryNs);
                if (priority != t.Priority && _kernel.Raise(t.Tid, priority, _placement.RoundRobin) == 0)
                {
                    t.Priority = priority;
                    Counters.Remapped++;
                }
            }
        }
        if (Counters.Ticks % ReweighTicks == 0)
        {
            for (int i = _weighted.Count - 1; i >= 0; i--)
            {
                int slot = _weighted[i];
                ref LinuxTask t = ref _tasks[slot];
                if (_cpu.TryRead(t.Tgid, t.Tid, ref t.Handle, out long cpuNs, out long waitNs))
                {
                    t.CpuNs = cpuNs;
                    t.WaitNs = waitNs;
                    Weigh(slot);
                }
            }
        }
    }

    /// <summary>Returns every raised or weighted task to SCHED_OTHER at nice 0 (the agent is stopping).</summary>
    public void ReturnAll()
    {
        foreach (SlotList list in (ReadOnlySpan<SlotList>)[_raised, _weighted])
        {
            for (int i = list.Count - 1; i >= 0; i--)
            {
                int slot = list[i];
                ref LinuxTask t = ref _tasks[slot];
                _ = _kernel.MakeFair(t.Tid, 0); // ESRCH: gone, nothing to return
                _journal.Returned(t.Tid);
                list.Remove(slot);
                t.State = t.State == LinuxTaskState.Raised ? LinuxTaskState.Demoted : t.State;
                t.Nice = 0;
                Counters.ReturnedAtStop++;
            }
        }
    }

    // The nice of a fair-tier task now; 0 without a watchdog (a weighted task would be unprotected: plain fair then).
    private int FairNice(in LinuxTask t) => _journal.Healthy ? _placement.FairNiceAt(t.FunctionId, t.CpuNs - t.CpuAtDiscoveryNs) : 0;

    // Out of the band into the fair tier, at the nice of its order key (0 unless the fair tier is weighted).
    private void Demote(int slot)
    {
        ref LinuxTask t = ref _tasks[slot];
        int nice = FairNice(in t);
        int error = _kernel.MakeFair(t.Tid, nice);
        if (error != 0 && error != ESRCH && nice != 0)
        {
            _ = _kernel.MakeFair(t.Tid, 0); // the nice was refused: never leave it real-time
        }
        if (error != 0)
        {
            nice = 0; // gone, or at nice 0 now
        }
        _raised.Remove(slot);
        t.State = LinuxTaskState.Demoted;
        t.Nice = nice;
        if (nice == 0)
        {
            _journal.Returned(t.Tid);
        }
        else
        {
            _weighted.Add(slot); // still journalled since its raise
            Counters.Weighted++;
        }
    }

    /// <summary>Slots of the tasks in one state, in an array with O(1) add and remove (the task keeps its index).</summary>
    private sealed class SlotList(LinuxTask[] tasks)
    {
        private readonly int[] _slots = new int[tasks.Length];

        public int Count { get; private set; }

        public int this[int i] => _slots[i];

        public void Add(int slot)
        {
            _slots[Count] = slot;
            tasks[slot].ListIndex = Count++;
        }

        public void Remove(int slot)
        {
            int i = tasks[slot].ListIndex;
            int last = _slots[--Count];
            _slots[i] = last;
            tasks[last].ListIndex = i;
            tasks[slot].ListIndex = -1;
        }
    }
}

/// <summary>Where a tracked task stands.</summary>
internal enum LinuxTaskState
{
    /// <summary>Fair and never raised (not placed, or the raise was refused); weighted when its nice is not 0.</summary>
    Fair,

    /// <summary>SCHED_FIFO/RR in the band.</summary>
    Raised,

    /// <summary>Fair again after its slice or the starvation bound; weighted when its nice is not 0.</summary>
    Demoted,

    /// <summary>Real-time under another owner when discovered: not placed until the tick finds it fair.</summary>
    Pending,
}

/// <summary>One tracked task (a thread), in the enforcer's slot array.</summary>
internal struct LinuxTask
{
    /// <summary>Its index in the list of its state (raised, pending or weighted), -1 when on none.</summary>
    public int ListIndex;
    public int Tid, Tgid, FunctionId, Priority, Handle, Nice;
    public long StartTime, DeclaredDemandNs, DiscoveredNs, SliceNs, CpuNs, WaitNs, CpuAtRaiseNs, WaitAtRaiseNs, CpuAtDiscoveryNs, WaitAtDiscoveryNs;
    public OrderKeyKind Key;
    public LinuxTaskState State;
}
