namespace AlpsGhost.Agent.Observation;

/// <summary>
/// What one invocation (one task, TASK_NEW to TASK_DEAD) did, as the agent saw it in ghOSt messages:
/// the raw material the learner turns into a rank and a slice.
/// </summary>
/// <remarks>
/// Emitted once when the task dies or departs (<see cref="Completed"/> true), and as progress
/// snapshots of still-running tasks when the learner's window closes, so unfinished invocations count
/// with the CPU time used so far. A blittable struct: the hot path copies it into a ring, no allocation.
/// </remarks>
public struct InvocationRecord
{
    /// <summary>Function id as resolved at TASK_NEW; -1 when the function is unknown.</summary>
    public int FunctionId;

    /// <summary>Number of CPU bursts (dispatches that ended in block, yield, preempt or exit).</summary>
    public int Bursts;

    /// <summary>The task's gtid.</summary>
    public long Gtid;

    /// <summary>Agent clock when TASK_NEW was handled (ns).</summary>
    public long ArrivalNs;

    /// <summary>Agent clock when TASK_DEAD / TASK_DEPARTED was handled, or the snapshot time if still running (ns).</summary>
    public long EndNs;

    /// <summary>CPU time consumed (status word / message <c>runtime</c>, ns).</summary>
    public long CpuNs;

    /// <summary>Time spent blocked (TASK_BLOCKED to TASK_WAKEUP), ns.</summary>
    public long BlockedNs;

    /// <summary>Time spent runnable but not on a CPU, ns.</summary>
    public long WaitNs;

    /// <summary>True when the task finished; false for a progress snapshot of a running one.</summary>
    public bool Completed;

    /// <summary>True when the task left the enclave (TASK_DEPARTED) instead of exiting.</summary>
    public bool Departed;
}
