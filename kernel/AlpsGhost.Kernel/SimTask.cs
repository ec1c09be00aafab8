using AlpsGhost.Workloads;

namespace AlpsGhost.Kernel;

/// <summary>Scheduling class a task is in.</summary>
internal enum TaskClass : byte { Fair, Ghost, Realtime }

/// <summary>Lifecycle of a simulated task.</summary>
internal enum TaskState : byte { NotArrived, Runnable, Running, Blocked, Dead }

/// <summary>Mutable state of one simulated thread (an invocation or fair work).</summary>
internal sealed class SimTask
{
    public SimTask(int index, int tid, InvocationSpec? invocation, Phase[] phases, Action<long>? onDone, int startPhases = 0, int workEnd = -1)
    {
        Index = index;
        Tid = tid;
        Invocation = invocation;
        Phases = phases;
        StartPhases = startPhases;
        WorkPhases = workEnd < 0 ? phases.Length : workEnd;
        OnDone = onDone;
        Remaining = phases[0].DurationNs;
    }

    public readonly int Index;
    public readonly int Tid;
    public readonly InvocationSpec? Invocation;
    public readonly Phase[] Phases;

    // Phases[..StartPhases] are a process start (real-time, before the work); Phases[StartPhases..WorkPhases] are the
    // invocation's work; the rest (a process's exit work) runs after its completion time.
    public readonly int StartPhases;
    public readonly int WorkPhases;
    public bool WorkDone;
    public readonly Action<long>? OnDone;

    public TaskClass Class;
    public TaskState State;
    public int PhaseIndex;
    public long Remaining;
    public int Cpu = -1;

    // Fair class: vruntime is absolute while queued or running, relative to the rq's min_vruntime otherwise.
    public long VRuntime;
    public int Weight = 1024;

    // EEVDF (Fair/EevdfRunQueue.cs): virtual deadline while queued or running; lag kept while away from every queue;
    // deadline - vruntime while migrating; end of the protected slice (RUN_TO_PARITY); queued although asleep.
    public long Deadline;
    public long Lag;
    public long RelativeDeadline;
    public long SliceProtectedUntil;
    public bool Delayed;

    // SCHED_FIFO priority 1..99 while the class is Realtime (SimulatedKernel.Realtime.cs), and its queue order.
    public int RtPriority;
    public long RtSeq;

    // schedstat's run_delay: total time spent runnable but not running (completed waits).
    public long WaitNs;

    // Whether the task has been dispatched once (its process start has been charged).
    public bool Started;

    // ghOSt.
    public long Gtid;
    public uint SwIndex;
    public bool HasSw;
    public int LatchedCpu = -1;
    public int GhostListPos = -1;
    public string? CgroupPath;

    // Outcome.
    public long ArrivalNs;
    public long FinishNs = -1;
    public long CpuNs;
    public long BlockedNs;
    public int ContextSwitches;
    public long RunnableSince;
    public long MaxRunnableWait;
    public bool Departed;
    public bool FinishedInFair;
}
