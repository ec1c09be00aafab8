using AlpsGhost.Agent.Observation;

namespace AlpsGhost.Linux;

/// <summary>
/// The stock-Linux backend's task table and enforcement: places each discovered task (raised or fair), demotes a
/// raised task when it used its slice or waited past the starvation bound, re-maps its band when its order key
/// crosses one, records every finished invocation for the learner, and returns every raised task to fair on stop.
/// </summary>
/// <remarks>
/// <para>Runs on the agent thread only. The kernel, the CPU-time source and the watchdog journal are interfaces,
/// so the decisions are tested with a fake clock and a recorder of "sched_setattr" calls.</para>
/// <para>Invariants: a task is journalled as raised before the call that raises it and journalled as returned
/// after the call that makes it fair, so the watchdog's list always covers every raised task; a task is raised
/// at most once (a demoted task stays fair until it exits); the tick costs one CPU-time read per raised task.</para>
/// <para>Steady state allocates nothing: slots are arrays sized at construction; the tid map is a dictionary
/// whose capacity is reserved up front.</para>
/// </remarks>
public sealed class LinuxEnforcer
{
    private const int EPERM = 1;
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
    private readonly int[] _raised;
    private int _raisedCount;
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
        _raised = new int[maxTasks];
        _slotOf = new Dictionary<int, int>(maxTasks);
    }

    /// <summary>What the enforcer did.</summary>
    public LinuxAgentCounters Counters { get; } = new();

    /// <summary>Tasks tracked now.</summary>
    public int TrackedCount => _slotOf.Count;

    /// <summary>Tasks raised now.</summary>
    public int RaisedCount => _raisedCount;

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
            State = LinuxTaskState.Fair,
        };
        Counters.Discovered++;
        if (_placement.TryPlace(functionId, declaredDemandNs, nowNs, out Placement p))
        {
            TryRaise(ref t, slot, p);
        }
        return true;
    }

    private void TryRaise(ref LinuxTask t, int slot, in Placement p)
    {
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
        _raised[_raisedCount] = slot;
        t.RaisedIndex = _raisedCount++;
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
        if (t.State == LinuxTaskState.Raised)
        {
            RemoveRaised(ref t);
            _journal.Returned(tid); // its policy died with it
        }
        Counters.Completed++;
        if (_observations is not null)
        {
            long elapsed = Math.Max(0, nowNs - t.DiscoveredNs);
            var record = new InvocationRecord
            {
                FunctionId = t.FunctionId,
                Bursts = 1,
                Gtid = t.Tid,
                ArrivalNs = t.DiscoveredNs,
                EndNs = Math.Max(nowNs, t.DiscoveredNs),
                CpuNs = t.CpuNs,
                WaitNs = t.WaitNs,
                BlockedNs = Math.Max(0, elapsed - t.CpuNs - t.WaitNs),
                Completed = true,
            };
            _observations.TryWrite(record);
        }
        t = default;
        _free[_freeCount++] = slot;
    }

    /// <summary>The periodic tick: reads each raised task's CPU time and wait, demotes or re-maps it.</summary>
    public void Tick(long nowNs)
    {
        Counters.Ticks++;
        for (int i = _raisedCount - 1; i >= 0; i--)
        {
            // Backwards: a demotion moves the last raised slot into position i, which was already visited.
            ref LinuxTask t = ref _tasks[_raised[i]];
            if (!_cpu.TryRead(t.Tgid, t.Tid, ref t.Handle, out long cpuNs, out long waitNs))
            {
                continue; // exiting: its EXIT event (or a resync) removes it
            }
            t.CpuNs = cpuNs;
            t.WaitNs = waitNs;
            if (cpuNs - t.CpuAtRaiseNs >= t.SliceNs)
            {
                Demote(ref t);
                Counters.DemotedSlice++;
            }
            else if (_starvationLimitNs > 0 && waitNs - t.WaitAtRaiseNs > _starvationLimitNs)
            {
                Demote(ref t);
                Counters.DemotedStarved++;
            }
            else if (t.Key != OrderKeyKind.None)
            {
                int priority = _placement.PriorityAt(t.Key, t.FunctionId, t.DeclaredDemandNs, cpuNs);
                if (priority != t.Priority && _kernel.Raise(t.Tid, priority, _placement.RoundRobin) == 0)
                {
                    t.Priority = priority;
                    Counters.Remapped++;
                }
            }
        }
    }

    /// <summary>Returns every raised task to SCHED_OTHER (the agent is stopping).</summary>
    public void ReturnAll()
    {
        for (int i = _raisedCount - 1; i >= 0; i--)
        {
            ref LinuxTask t = ref _tasks[_raised[i]];
            Demote(ref t);
            Counters.ReturnedAtStop++;
        }
    }

    private void Demote(ref LinuxTask t)
    {
        _ = _kernel.MakeFair(t.Tid); // ESRCH: gone, nothing to return
        _journal.Returned(t.Tid);
        RemoveRaised(ref t);
        t.State = LinuxTaskState.Demoted;
    }

    private void RemoveRaised(ref LinuxTask t)
    {
        int last = _raised[--_raisedCount];
        _raised[t.RaisedIndex] = last;
        _tasks[last].RaisedIndex = t.RaisedIndex;
        t.RaisedIndex = -1;
    }
}

/// <summary>Where a tracked task stands.</summary>
internal enum LinuxTaskState
{
    /// <summary>Fair and never raised (not placed, or the raise was refused).</summary>
    Fair,

    /// <summary>SCHED_FIFO/RR in the band.</summary>
    Raised,

    /// <summary>Fair again after its slice or the starvation bound.</summary>
    Demoted,
}

/// <summary>One tracked task (a thread), in the enforcer's slot array.</summary>
internal struct LinuxTask
{
    public int Tid, Tgid, FunctionId, Priority, RaisedIndex, Handle;
    public long StartTime, DeclaredDemandNs, DiscoveredNs, SliceNs, CpuNs, WaitNs, CpuAtRaiseNs, WaitAtRaiseNs;
    public OrderKeyKind Key;
    public LinuxTaskState State;
}
