using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Ghost;

/// <summary>
/// The one surface a centralized agent uses to talk to a ghOSt enclave, real (through the native
/// shim) or simulated. Everything is in place in ABI-layout memory: messages in <see cref="Queue"/>,
/// task and agent status words in <see cref="StatusWords"/>, transactions in <see cref="Txn"/>.
/// </summary>
/// <remarks>
/// Protocol, as in ghOSt's centralized agent:
/// <list type="number">
/// <item>Drain <see cref="Queue"/> (peek, handle, consume).</item>
/// <item>For each CPU to change: fill <see cref="Txn"/>(cpu) with <c>gtid</c>, <c>task_barrier</c> =
/// the last seqnum read for that task, flags, then set <c>state = GHOST_TXN_READY</c> last.</item>
/// <item><see cref="CommitTransactions"/> with those CPUs; every txn's state is final (negative) when
/// it returns, COMPLETE or the reason it failed.</item>
/// </list>
/// Only the agent thread calls these members; none of them allocates.
/// </remarks>
public interface IGhostEnclave
{
    /// <summary>ABI version the enclave speaks (84, 90 or 91).</summary>
    int AbiVersion { get; }

    /// <summary>CPUs in the enclave, ascending.</summary>
    ReadOnlySpan<int> Cpus { get; }

    /// <summary>Highest CPU number + 1: the size of per-CPU arrays.</summary>
    int PossibleCpus { get; }

    /// <summary>The CPU the global agent runs on.</summary>
    int AgentCpu { get; }

    /// <summary>How the global agent waits for work on this enclave.</summary>
    AgentMode AgentMode { get; }

    /// <summary>CLOCK_MONOTONIC nanoseconds (virtual time in the simulator).</summary>
    long NowNanoseconds { get; }

    /// <summary>The enclave's default queue: every task message and every agent's CPU messages.</summary>
    GhostQueue Queue { get; }

    /// <summary>Task and agent status words.</summary>
    StatusWordRegion StatusWords { get; }

    /// <summary>The transaction slot of <paramref name="cpu"/>.</summary>
    ref GhostTxn Txn(int cpu);

    /// <summary>Location of the status word of the agent on <paramref name="cpu"/> (CPU_AVAIL, BOOST_PRIO).</summary>
    GhostSwInfo AgentStatusWord(int cpu);

    /// <summary>Commits every READY transaction of <paramref name="cpus"/> (<c>GHOST_IOC_COMMIT_TXN</c>).</summary>
    void CommitTransactions(ReadOnlySpan<int> cpus);

    /// <summary>Frees a status word the kernel marked CANFREE (<c>GHOST_IOC_SW_FREE</c>) after TASK_DEAD or TASK_DEPARTED.</summary>
    /// <returns>False if the word was not freeable (not found, or CANFREE not set).</returns>
    bool FreeStatusWord(GhostSwInfo info);

    /// <summary>Describes a task for function identity; false if the task is gone or unknown.</summary>
    bool TryDescribeTask(long gtid, out TaskDescription description);
}
