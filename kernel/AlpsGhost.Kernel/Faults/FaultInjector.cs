using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Kernel.Faults;

/// <summary>The decisions of a run's <see cref="FaultPlan"/> (docs/faults.md): when a stalled agent may run again,
/// which validated transactions fail instead, and which ring bytes a corruption overwrites.</summary>
/// <remarks>
/// <para>It decides and counts; the simulated kernel applies the effects that touch its state (moving the agent's
/// wakeup, writing the failed state, removing a CPU, departing tasks). Every random choice comes from one
/// SplitMix64 stream seeded by the run's seed, drawn in event order, so a run with faults is as deterministic
/// as one without.</para>
/// </remarks>
internal sealed unsafe class FaultInjector
{
    private readonly FaultPlan _plan;
    private ulong _rng;
    private int _nextRingCorruption;

    /// <summary>A fault injector for <paramref name="plan"/> whose random stream is seeded by <paramref name="seed"/>.</summary>
    public FaultInjector(FaultPlan plan, ulong seed)
    {
        _plan = plan;
        _rng = seed ^ 0x6A09E667F3BCC909UL; // a fixed odd constant keeps seed 0 usable
    }

    /// <summary>Agent runs pushed back by a stall.</summary>
    public long RunsDeferred { get; private set; }

    /// <summary>Validated transactions failed on purpose.</summary>
    public long TxnFailures { get; private set; }

    /// <summary>Ring bytes overwritten.</summary>
    public long RingBytes { get; private set; }

    /// <summary>Whether a ring corruption is still to come (the producer checks this before each message).</summary>
    public bool RingCorruptionPending => _nextRingCorruption < _plan.RingCorruptions.Count;

    /// <summary>The first instant at or after <paramref name="at"/> at which the agent may run (stalls push it back).</summary>
    public long AgentAvailableAt(long at)
    {
        IReadOnlyList<AgentStall> stalls = _plan.AgentStalls;
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
            RunsDeferred++;
        }
        return resume;
    }

    /// <summary>A transaction that validated: with the plan's seeded rates it fails in a chosen state instead.</summary>
    public GhostTxnState InjectTxnFailure(GhostTxnState validated)
    {
        IReadOnlyList<TxnFailure> failures = _plan.TxnFailures;
        if (validated != GhostTxnState.Complete || failures.Count == 0)
        {
            return validated;
        }
        double u = NextUnit();
        foreach (TxnFailure f in failures)
        {
            if (u < f.Rate)
            {
                TxnFailures++;
                return f.State;
            }
            u -= f.Rate;
        }
        return validated;
    }

    /// <summary>Overwrites bytes of the ring's unread messages (and maybe its tail) for every corruption due at
    /// <paramref name="nowNs"/>, right after a message was produced.</summary>
    /// <param name="ring">The ring header (after the queue header).</param>
    /// <param name="nelems">Ring slots (a power of two).</param>
    /// <param name="head">The ring's head now.</param>
    /// <param name="tail">The ring's tail now.</param>
    /// <param name="nowNs">Virtual time.</param>
    public void CorruptRingIfDue(byte* ring, uint nelems, uint head, uint tail, long nowNs)
    {
        IReadOnlyList<RingCorruption> list = _plan.RingCorruptions;
        while (_nextRingCorruption < list.Count && list[_nextRingCorruption].AtNs <= nowNs)
        {
            RingCorruption rc = list[_nextRingCorruption++];
            byte* slots = ring + GhostAbi.RingHeaderSize;
            uint pending = head - tail;
            ulong spanBytes = pending is > 0 and <= 65536 && pending <= nelems ? pending * (ulong)GhostAbi.SlotSize : nelems * (ulong)GhostAbi.SlotSize;
            ulong startByte = pending is > 0 and <= 65536 && pending <= nelems ? (tail & (nelems - 1)) * (ulong)GhostAbi.SlotSize : 0;
            ulong ringBytes = nelems * (ulong)GhostAbi.SlotSize;
            for (int i = 0; i < rc.Bytes; i++)
            {
                ulong offset = (startByte + NextBits() % spanBytes) % ringBytes;
                slots[offset] = (byte)NextBits();
            }
            RingBytes += rc.Bytes;
            if (rc.CorruptIndices)
            {
                Volatile.Write(ref *(uint*)(ring + 4), (uint)NextBits());
            }
        }
    }

    /// <summary>What the plan did up to <paramref name="nowNs"/>, with the kernel's own counts of removed CPUs and departed tasks.</summary>
    public FaultCounters Counters(long nowNs, int cpusRemoved, int tasksDeparted)
    {
        long stalled = 0;
        foreach (AgentStall s in _plan.AgentStalls)
        {
            long end = Math.Min(nowNs, Nanoseconds.SaturatingAdd(s.AtNs, s.DurationNs));
            stalled += Math.Max(0, end - s.AtNs);
        }
        return new FaultCounters
        {
            AgentRunsDeferred = RunsDeferred,
            AgentStalledNs = stalled,
            TxnFailuresInjected = TxnFailures,
            CpusRemoved = cpusRemoved,
            TasksDeparted = tasksDeparted,
            RingBytesCorrupted = RingBytes,
        };
    }

    /// <summary>SplitMix64: deterministic per seed, independent of the .NET version.</summary>
    private ulong NextBits()
    {
        ulong z = _rng += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private double NextUnit() => (NextBits() >> 11) * (1.0 / (1UL << 53));
}
