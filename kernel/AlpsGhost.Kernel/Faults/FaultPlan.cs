using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Kernel.Faults;

/// <summary>
/// Faults the simulated kernel injects into a run (docs/faults.md). The default plan injects nothing,
/// so a run without one behaves exactly as before. Every fault happens at a virtual instant or with a
/// seeded rate, so a plan + <see cref="SimulationOptions.Seed"/> reproduces the same run.
/// </summary>
public sealed record FaultPlan
{
    /// <summary>A plan that injects nothing.</summary>
    public static FaultPlan None { get; } = new();

    /// <summary>Windows in which the agent gets no CPU: <c>RunOnce</c> is not called (a run in progress finishes).</summary>
    public IReadOnlyList<AgentStall> AgentStalls { get; init; } = [];

    /// <summary>Transactions that would commit instead finish in a failure state, each at its rate.</summary>
    public IReadOnlyList<TxnFailure> TxnFailures { get; init; } = [];

    /// <summary>CPUs that leave the enclave while it runs.</summary>
    public IReadOnlyList<CpuRemoval> CpuRemovals { get; init; } = [];

    /// <summary>Enclave tasks moved to the fair class mid-run (sched_setscheduler(SCHED_OTHER)).</summary>
    public IReadOnlyList<TaskDeparture> TaskDepartures { get; init; } = [];

    /// <summary>Random bytes written into the live message ring.</summary>
    public IReadOnlyList<RingCorruption> RingCorruptions { get; init; } = [];

    /// <summary>Whether the plan injects nothing.</summary>
    public bool IsEmpty => AgentStalls.Count == 0 && TxnFailures.Count == 0 && CpuRemovals.Count == 0
        && TaskDepartures.Count == 0 && RingCorruptions.Count == 0;

    /// <summary>Checks the plan against a machine of <paramref name="cpuCount"/> CPUs with the agent on <paramref name="agentCpu"/>.</summary>
    /// <exception cref="ArgumentException">A fault is out of range; the message names it.</exception>
    public void Validate(int cpuCount, int agentCpu)
    {
        foreach (AgentStall s in AgentStalls)
        {
            if (s.AtNs < 0 || s.DurationNs <= 0)
            {
                throw new ArgumentException($"options.Faults.AgentStalls has {s}: expected AtNs >= 0 and DurationNs > 0", "options");
            }
        }
        double total = 0;
        foreach (TxnFailure f in TxnFailures)
        {
            if (!GhostTxnStates.IsFinished(f.State) || f.State == GhostTxnState.Complete || !(f.Rate >= 0 && f.Rate <= 1))
            {
                throw new ArgumentException($"options.Faults.TxnFailures has {f}: expected a failure state and a rate in 0..1", "options");
            }
            total += f.Rate;
        }
        if (total > 1)
        {
            throw new ArgumentException($"options.Faults.TxnFailures rates add up to {total}: expected at most 1", "options");
        }
        foreach (CpuRemoval r in CpuRemovals)
        {
            if (r.AtNs < 0 || r.Cpu < 0 || r.Cpu >= cpuCount || r.Cpu == agentCpu)
            {
                throw new ArgumentException($"options.Faults.CpuRemovals has {r}: expected AtNs >= 0 and an enclave CPU other than the agent's ({agentCpu}; ghOSt refuses to remove a CPU that has an agent, EEXIST)", "options");
            }
        }
        foreach (TaskDeparture d in TaskDepartures)
        {
            if (d.AtNs < 0 || d.Count <= 0)
            {
                throw new ArgumentException($"options.Faults.TaskDepartures has {d}: expected AtNs >= 0 and Count > 0", "options");
            }
        }
        foreach (RingCorruption c in RingCorruptions)
        {
            if (c.AtNs < 0 || c.Bytes < 0)
            {
                throw new ArgumentException($"options.Faults.RingCorruptions has {c}: expected AtNs >= 0 and Bytes >= 0", "options");
            }
        }
    }
}

/// <summary>The agent gets no CPU from <paramref name="AtNs"/> for <paramref name="DurationNs"/>.</summary>
/// <param name="AtNs">Start (virtual ns).</param>
/// <param name="DurationNs">Length (ns).</param>
public readonly record struct AgentStall(long AtNs, long DurationNs);

/// <summary>A transaction that passes validation finishes in <paramref name="State"/> instead, with probability <paramref name="Rate"/>.</summary>
/// <param name="State">A failure state (e.g. TARGET_STALE, CPU_UNAVAIL).</param>
/// <param name="Rate">Probability per otherwise-committing transaction (0..1).</param>
public readonly record struct TxnFailure(GhostTxnState State, double Rate);

/// <summary><paramref name="Cpu"/> leaves the enclave at <paramref name="AtNs"/> (its running ghost task is preempted; later commits to it fail CPU_UNAVAIL).</summary>
/// <param name="AtNs">When (virtual ns).</param>
/// <param name="Cpu">The CPU; not the agent's.</param>
public readonly record struct CpuRemoval(long AtNs, int Cpu);

/// <summary>At <paramref name="AtNs"/>, up to <paramref name="Count"/> live enclave tasks (running ones first, then by invocation id) move to the fair class.</summary>
/// <param name="AtNs">When (virtual ns).</param>
/// <param name="Count">How many tasks.</param>
public readonly record struct TaskDeparture(long AtNs, int Count);

/// <summary>At <paramref name="AtNs"/>, <paramref name="Bytes"/> seeded random bytes overwrite the ring's unread slots; optionally the tail index too.</summary>
/// <param name="AtNs">When (virtual ns).</param>
/// <param name="Bytes">Bytes written at random offsets of the pending region (or anywhere in the ring when it is empty).</param>
/// <param name="CorruptIndices">Also overwrite the ring's <c>tail</c> with a random value (a consumer-side index the agent must not trust blindly).</param>
public readonly record struct RingCorruption(long AtNs, int Bytes, bool CorruptIndices);
