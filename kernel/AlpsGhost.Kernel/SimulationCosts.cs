namespace AlpsGhost.Kernel;

/// <summary>
/// Modelled costs of ghOSt's mechanisms, in virtual nanoseconds. Every cost of an agent decision is
/// charged to the agent's CPU; target-side latencies delay when a committed task starts.
/// </summary>
/// <remarks>
/// Defaults marked [UNVERIFIED: ghOSt paper recollection] come from docs/ghost-abi.md §7 (Humphries et al.,
/// SOSP'21, §4 microbenchmarks, recalled, not re-read). Defaults marked [ASSUMPTION] have no published
/// figure; they are order-of-magnitude guesses stated so they can be varied. Nothing here was measured.
/// </remarks>
public sealed record SimulationCosts
{
    /// <summary>The documented defaults (see docs/simulator.md for the table).</summary>
    public static SimulationCosts Default { get; } = new();

    /// <summary>Zero costs everywhere: for tests that want exact, cost-free timelines.</summary>
    public static SimulationCosts Zero { get; } = new()
    {
        MessageDeliverySpinningNs = 0, MessageDeliveryWakeupNs = 0, AgentWakeupNs = 0, PerMessageNs = 0,
        PerTxnNs = 0, LocalCommitNs = 0, TargetCommitLatencyNs = 0, ContextSwitchNs = 0,
        IdleWakeupNs = 0, ProcessStartNs = 0, SchedSetattrNs = 0, AgentTickWakeupNs = 0, AgentPerTaskReadNs = 0,
    };

    /// <summary>Message production to a spinning global agent seeing it: 265 ns [UNVERIFIED: ghOSt paper recollection].</summary>
    public long MessageDeliverySpinningNs { get; init; } = 265;

    /// <summary>Message production to a sleeping (local, queue-woken) agent running: 725 ns [UNVERIFIED: ghOSt paper recollection].</summary>
    public long MessageDeliveryWakeupNs { get; init; } = 725;

    /// <summary>Fixed cost of one agent loop iteration (one <c>RunOnce</c>): 72 ns, one syscall [ASSUMPTION; the syscall figure is UNVERIFIED: ghOSt paper recollection].</summary>
    public long AgentWakeupNs { get; init; } = 72;

    /// <summary>Agent-side cost of decoding and handling one message: 50 ns [ASSUMPTION: no published figure].</summary>
    public long PerMessageNs { get; init; } = 50;

    /// <summary>Agent-side cost of one remote transaction commit: 668 ns [UNVERIFIED: ghOSt paper recollection].</summary>
    public long PerTxnNs { get; init; } = 668;

    /// <summary>Cost of a commit to the agent's own CPU (queue-wakeup mode), end to end: 888 ns [UNVERIFIED: ghOSt paper recollection].</summary>
    public long LocalCommitNs { get; init; } = 888;

    /// <summary>Target-CPU latency from a remote commit until the latched task runs: 1064 ns [UNVERIFIED: ghOSt paper recollection].</summary>
    public long TargetCommitLatencyNs { get; init; } = 1064;

    /// <summary>A context switch (CFS figure), charged whenever a CPU switches to a different thread: 599 ns [UNVERIFIED: ghOSt paper recollection].</summary>
    public long ContextSwitchNs { get; init; } = 599;

    // Host costs below default to 0 (the ghOSt host model does not have them); a measured cost profile
    // (HostCostProfile, `alps-bench calibrate --costs-out`) sets them for a stock-Linux host.

    /// <summary>From a wake-up to the woken task running on an idle CPU (IPI, idle exit, switch), charged instead of <see cref="ContextSwitchNs"/> when a fair task starts on a CPU that was idle: 0 unless a cost profile sets it.</summary>
    public long IdleWakeupNs { get; init; }

    /// <summary>CPU time to start and end one process per invocation (fork, exec, exit), charged on its CPU at its first dispatch: 0 unless a cost profile sets it.</summary>
    public long ProcessStartNs { get; init; }

    /// <summary>One <c>sched_setattr</c> by the stock-Linux agent (raise, demote, re-map): 0 unless a cost profile sets it.</summary>
    public long SchedSetattrNs { get; init; }

    /// <summary>How late the stock-Linux agent's periodic timer wakes it (its tick starts this much after the period): 0 unless a cost profile sets it.</summary>
    public long AgentTickWakeupNs { get; init; }

    /// <summary>The stock-Linux agent's CPU time per raised task per tick (reading its schedstat): 0 unless a cost profile sets it.</summary>
    public long AgentPerTaskReadNs { get; init; }

    internal void Validate()
    {
        if (MessageDeliverySpinningNs < 0 || MessageDeliveryWakeupNs < 0 || AgentWakeupNs < 0 || PerMessageNs < 0
            || PerTxnNs < 0 || LocalCommitNs < 0 || TargetCommitLatencyNs < 0 || ContextSwitchNs < 0
            || IdleWakeupNs < 0 || ProcessStartNs < 0 || SchedSetattrNs < 0 || AgentTickWakeupNs < 0 || AgentPerTaskReadNs < 0)
        {
            throw new ArgumentException($"every SimulationCosts field must be >= 0, got {this}", "options.Costs");
        }
    }
}
