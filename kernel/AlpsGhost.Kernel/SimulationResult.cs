using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Kernel;

/// <summary>Everything a run produced: per-task outcomes and kernel counters.</summary>
/// <remarks>Invariant: <see cref="Arrived"/> == <see cref="Finished"/> + <see cref="Unfinished"/>;
/// for a materialised workload <see cref="Tasks"/> holds every invocation (those that never arrived have
/// <see cref="TaskOutcome.FinishNs"/> = -1 too and count in <see cref="NotArrived"/>); a streamed run handed the
/// same outcomes to its recorder instead and leaves it empty.</remarks>
public sealed class SimulationResult
{
    private readonly long[] _messages;
    private readonly long[] _txns;

    internal SimulationResult(TaskOutcome[] tasks, long[] messagesByType, long[] txnsByState)
    {
        Tasks = tasks;
        _messages = messagesByType;
        _txns = txnsByState;
    }

    /// <summary>One outcome per invocation, indexed by invocation id (empty for a streamed workload).</summary>
    public IReadOnlyList<TaskOutcome> Tasks { get; }

    /// <summary>Invocations that arrived before the run stopped.</summary>
    public int Arrived { get; init; }

    /// <summary>Invocations that exited.</summary>
    public int Finished { get; init; }

    /// <summary>Invocations that arrived but had not exited when the run stopped.</summary>
    public int Unfinished { get; init; }

    /// <summary>Invocations whose arrival lies after the stop.</summary>
    public int NotArrived { get; init; }

    /// <summary>Virtual time the run ended.</summary>
    public long EndNs { get; init; }

    /// <summary>True when the run reached <see cref="SimulationOptions.TimeLimitNs"/> with work left: the invocations
    /// still alive then "did not finish by the bound" (<see cref="Unfinished"/>, <see cref="NotArrived"/>).</summary>
    public bool StoppedAtTimeLimit { get; init; }

    /// <summary>The agent mode used (meaningful only when <see cref="AgentAttached"/>).</summary>
    public AgentMode AgentMode { get; init; }

    /// <summary>Whether an enclave with an agent scheduled tasks (false = the cfs baseline).</summary>
    public bool AgentAttached { get; init; }

    /// <summary>CPU switches from one thread to a different one (tasks and, in queue-wakeup mode, the agent).</summary>
    public long ContextSwitches { get; init; }

    /// <summary>Times the fair server ran starved fair tasks ahead of real-time work (SimulationOptions.FairServerRuntimeNs).</summary>
    public long FairServerActivations { get; init; }

    /// <summary>Messages produced into the ring, successfully.</summary>
    public long MessagesProduced { get; init; }

    /// <summary>Messages dropped because the ring was full (the ring's <c>overflow</c> counter).</summary>
    public long QueueOverflows { get; init; }

    /// <summary>Agent CPU time charged by the cost model (ns): its modelled work. A spinning agent also occupies its CPU for the whole run.</summary>
    public long AgentCpuNs { get; init; }

    /// <summary>Times the agent ran (<c>RunOnce</c> calls).</summary>
    public long AgentWakeups { get; init; }

    /// <summary>Whether the runnable_timeout watchdog destroyed the enclave.</summary>
    public bool WatchdogFired { get; init; }

    /// <summary>The run was cancelled (SIGINT) before its end: every figure covers only the simulated time up to <see cref="EndNs"/>.</summary>
    public bool Cancelled { get; init; }

    /// <summary>When the watchdog fired (-1 if it did not).</summary>
    public long WatchdogFiredAtNs { get; init; } = -1;

    /// <summary>Invocation id of the task that starved (-1 if the watchdog did not fire).</summary>
    public int WatchdogStarvedInvocation { get; init; } = -1;

    /// <summary>CPU time consumed by fair work spawned with <c>SpawnFairWork</c>.</summary>
    public long FairWorkCpuNs { get; init; }

    /// <summary>Per-CPU time spent running tasks (not the agent, not context switches).</summary>
    public IReadOnlyList<long> CpuBusyNs { get; init; } = [];

    /// <summary>Enclave tasks that had to start in the fair class because every status word was in use (the agent did not free words after TASK_DEAD).</summary>
    public int EnclaveEntriesRefused { get; init; }

    /// <summary>What the run's fault plan injected (all zero without one).</summary>
    public Faults.FaultCounters Faults { get; init; } = AlpsGhost.Kernel.Faults.FaultCounters.None;

    /// <summary>Most tasks the kernel held at once (invocations and spawned work, from arrival until nothing could
    /// name them): what its memory follows, rather than the workload's length.</summary>
    public int PeakLiveTasks { get; init; }

    /// <summary>Events the engine processed (for events/s measurements).</summary>
    public long EventsProcessed { get; init; }

    /// <summary>Messages produced of <paramref name="type"/> (including ones dropped by overflow).</summary>
    public long MessagesOfType(GhostMessageType type) => (ushort)type < _messages.Length ? _messages[(ushort)type] : 0;

    /// <summary>Transactions that finished in <paramref name="state"/>.</summary>
    public long TxnsWithState(GhostTxnState state) =>
        GhostTxnStates.IsFinished(state) ? _txns[GhostTxnStates.Index(state)] : 0;

    /// <summary>Committed transactions (GHOST_TXN_COMPLETE).</summary>
    public long TxnCommits => _txns[GhostTxnStates.Index(GhostTxnState.Complete)];
}
