using AlpsGhost.Agent.Policies;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Agent.Core;

/// <summary>One task the agent tracks: a slot of the preallocated task table.</summary>
/// <remarks>
/// A mutable struct kept in an array and passed by reference, so the hot path never allocates.
/// The core owns every field except <see cref="Rank"/>, <see cref="SliceNs"/> and <see cref="Key"/>,
/// which belong to the <see cref="ISchedulingPolicy"/> (it sets them when the task is enqueued and
/// dispatched). Times are agent-clock nanoseconds (<c>IGhostEnclave.NowNanoseconds</c>).
/// </remarks>
public struct AgentTask
{
    /// <summary>ghOSt task id.</summary>
    public long Gtid;

    /// <summary>This task's index in the task table (stable while the task lives).</summary>
    public int Slot;

    /// <summary>Where the task's status word lives.</summary>
    public GhostSwInfo StatusWord;

    /// <summary>Seqnum of the last message consumed for this task: the <c>task_barrier</c> of a commit.</summary>
    public uint Seqnum;

    /// <summary>Where the agent believes the task is.</summary>
    public TaskState State;

    /// <summary>The CPU it is latched / running on, or -1.</summary>
    public int Cpu;

    /// <summary>Function id resolved once at TASK_NEW; -1 if unknown.</summary>
    public int FunctionId;

    /// <summary>Policy-owned: the rank the task competes with (lower runs first).</summary>
    public int Rank;

    /// <summary>Policy-owned: minimum uninterrupted run for the current dispatch (ns); 0 = none.</summary>
    public long SliceNs;

    /// <summary>Policy-owned: the task's place in the run queue while <see cref="TaskState.Queued"/>.</summary>
    public QueueKey Key;

    /// <summary>Cumulative CPU time (ns) as last reported by the kernel.</summary>
    public long RuntimeNs;

    /// <summary><see cref="RuntimeNs"/> when the current dispatch started.</summary>
    public long RuntimeAtDispatchNs;

    /// <summary>When the current dispatch was committed (kernel commit time).</summary>
    public long DispatchNs;

    /// <summary>When TASK_NEW was handled.</summary>
    public long ArrivalNs;

    /// <summary>When the task last blocked (valid while <see cref="TaskState.Blocked"/>).</summary>
    public long BlockedSinceNs;

    /// <summary>Total time spent blocked.</summary>
    public long BlockedNs;

    /// <summary>When the task last became runnable without a CPU.</summary>
    public long RunnableSinceNs;

    /// <summary>Total time runnable but not dispatched.</summary>
    public long WaitNs;

    /// <summary>Dispatches that ended (block, yield, preempt, exit).</summary>
    public int Bursts;

    /// <summary>Whether the task currently owns a CPU in the agent's view.</summary>
    public readonly bool OwnsCpu => State is TaskState.Latched or TaskState.OnCpu;
}
