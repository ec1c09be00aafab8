using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Kernel.Faults;

namespace AlpsGhost.Kernel;

// Fault injection (SimulationOptions.Faults, docs/faults.md): agent stalls, failed transactions,
// CPUs leaving the enclave, tasks departing to the fair class, a corrupted ring.
public sealed unsafe partial class SimulatedKernel
{
    private ulong _faultRng;
    private int _nextRingCorruption;
    private long _faultRunsDeferred;
    private long _faultTxnFailures;
    private long _faultRingBytes;
    private int _faultCpusRemoved;
    private int _faultTasksDeparted;

    /// <summary>Arms the plan's timed faults; called by <see cref="Run"/> once the enclave is live.</summary>
    private void ArmFaults()
    {
        FaultPlan plan = _options.Faults;
        _faultRng = _options.Seed ^ 0x6A09E667F3BCC909UL; // a fixed odd constant keeps seed 0 usable
        if (!_enclaveActive || plan.IsEmpty)
        {
            return;
        }
        foreach (CpuRemoval r in plan.CpuRemovals)
        {
            int cpu = r.Cpu;
            ScheduleCallback(r.AtNs, _ => RemoveCpuFromEnclave(cpu));
        }
        foreach (TaskDeparture d in plan.TaskDepartures)
        {
            int count = d.Count;
            ScheduleCallback(d.AtNs, _ => DepartTasks(count));
        }
    }

    /// <summary>The first instant at or after <paramref name="at"/> at which the agent may run (stalls push it back).</summary>
    private long AgentAvailableAt(long at)
    {
        IReadOnlyList<AgentStall> stalls = _options.Faults.AgentStalls;
        if (stalls.Count == 0 || at == long.MaxValue)
        {
            return at;
        }
        long resume = at;
        bool moved = true;
        while (moved)
        {
            moved = false;
            foreach (AgentStall s in stalls)
            {
                if (s.AtNs <= resume && resume - s.AtNs < s.DurationNs)
                {
                    resume = Nanoseconds.SaturatingAdd(s.AtNs, s.DurationNs);
                    moved = true;
                }
            }
        }
        if (resume != at)
        {
            _faultRunsDeferred++;
        }
        return resume;
    }

    /// <summary>A transaction that validated: with the plan's seeded rates it fails in a chosen state instead.</summary>
    private GhostTxnState InjectTxnFailure(GhostTxnState validated)
    {
        IReadOnlyList<TxnFailure> failures = _options.Faults.TxnFailures;
        if (validated != GhostTxnState.Complete || failures.Count == 0)
        {
            return validated;
        }
        double u = NextFaultUnit();
        foreach (TxnFailure f in failures)
        {
            if (u < f.Rate)
            {
                _faultTxnFailures++;
                return f.State;
            }
            u -= f.Rate;
        }
        return validated;
    }

    /// <summary>SplitMix64: deterministic per seed, independent of the .NET version.</summary>
    private ulong NextFaultBits()
    {
        ulong z = _faultRng += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private double NextFaultUnit() => (NextFaultBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// A CPU leaves the enclave (cpumask write): a latched task is displaced (PREEMPT was_latched), the
    /// running ghost task is preempted (TASK_PREEMPT) and the CPU returns to the fair class; the agent's
    /// later commits to it fail CPU_UNAVAIL (validation checks enclave membership).
    /// </summary>
    private void RemoveCpuFromEnclave(int cpu)
    {
        SimCpu c = _cpus[cpu];
        if (!_enclaveActive || !c.InEnclave)
        {
            return;
        }
        if (c.Latched != null)
        {
            DisplaceLatched(c);
        }
        c.ForceOffPending = false;
        c.LatchGen++;
        if (c.Current != null && c.Current.Class == TaskClass.Ghost)
        {
            PreemptGhost(c, wasLatched: false);
        }
        SetAgentWordFlag(cpu, StatusWordFlags.CpuAvailable, false);
        if (c.Current != null)
        {
            Account(c);
            TrackBusy(c, -1); // the utilization tracker counts enclave CPUs only
        }
        c.InEnclave = false;
        _faultCpusRemoved++;
        PickNext(c);
    }

    /// <summary>Up to <paramref name="count"/> live enclave tasks leave ghOSt (setscheduler SCHED_OTHER): running ones first, then by invocation id.</summary>
    /// <summary>How long a departure that found no live enclave task waits before it looks again.</summary>
    private const long DepartureRetryNs = 1_000_000;

    private void DepartTasks(int count)
    {
        if (!_enclaveActive)
        {
            return;
        }
        int departedBefore = _faultTasksDeparted;
        for (int pass = 0; pass < 2 && count > 0; pass++)
        {
            for (int i = 0; i < _invocationCount && count > 0; i++)
            {
                SimTask t = _tasks[i];
                if (t.Class != TaskClass.Ghost || t.State is TaskState.Dead or TaskState.NotArrived
                    || (pass == 0) != (t.State == TaskState.Running))
                {
                    continue;
                }
                if (t.LatchedCpu >= 0)
                {
                    SimCpu l = _cpus[t.LatchedCpu];
                    l.Latched = null;
                    l.LatchReady = false;
                    l.LatchGen++;
                }
                int cpu = t.Cpu;
                bool running = t.State == TaskState.Running;
                DepartGhostTask(t);
                if (running)
                {
                    SetAgentWordFlag(cpu, StatusWordFlags.CpuAvailable, false); // the CPU now runs a fair task
                }
                _faultTasksDeparted++;
                count--;
            }
        }
        if (_faultTasksDeparted == departedBefore && _finished < _invocationCount)
        {
            // No enclave task was alive at that instant (a quiet moment of a light load): the fault applies to the
            // first live ones instead, so a scenario never passes without exercising it whatever the seed.
            ScheduleCallback(Nanoseconds.SaturatingAdd(_now, DepartureRetryNs), _ => DepartTasks(count));
        }
    }

    /// <summary>Overwrites bytes of the ring's unread messages (and maybe its tail) right after a message is produced at or after a corruption's time.</summary>
    private void CorruptRingIfDue()
    {
        IReadOnlyList<RingCorruption> list = _options.Faults.RingCorruptions;
        while (_nextRingCorruption < list.Count && list[_nextRingCorruption].AtNs <= _now)
        {
            RingCorruption rc = list[_nextRingCorruption++];
            byte* ring = _queueMem + GhostAbi.QueueHeaderSize;
            byte* slots = ring + GhostAbi.RingHeaderSize;
            uint nelems = _options.QueueElements;
            uint head = RingHead, tail = RingTail;
            uint pending = head - tail;
            ulong spanBytes = pending is > 0 and <= 65536 && pending <= nelems ? pending * (ulong)GhostAbi.SlotSize : nelems * (ulong)GhostAbi.SlotSize;
            ulong startByte = pending is > 0 and <= 65536 && pending <= nelems ? (tail & (nelems - 1)) * (ulong)GhostAbi.SlotSize : 0;
            ulong ringBytes = nelems * (ulong)GhostAbi.SlotSize;
            for (int i = 0; i < rc.Bytes; i++)
            {
                ulong offset = (startByte + NextFaultBits() % spanBytes) % ringBytes;
                slots[offset] = (byte)NextFaultBits();
            }
            _faultRingBytes += rc.Bytes;
            if (rc.CorruptIndices)
            {
                Volatile.Write(ref *(uint*)(ring + 4), (uint)NextFaultBits());
            }
        }
    }

    private FaultCounters BuildFaultCounters()
    {
        long stalled = 0;
        foreach (AgentStall s in _options.Faults.AgentStalls)
        {
            long end = Math.Min(_now, Nanoseconds.SaturatingAdd(s.AtNs, s.DurationNs));
            stalled += Math.Max(0, end - s.AtNs);
        }
        return new FaultCounters
        {
            AgentRunsDeferred = _faultRunsDeferred,
            AgentStalledNs = stalled,
            TxnFailuresInjected = _faultTxnFailures,
            CpusRemoved = _faultCpusRemoved,
            TasksDeparted = _faultTasksDeparted,
            RingBytesCorrupted = _faultRingBytes,
        };
    }
}
