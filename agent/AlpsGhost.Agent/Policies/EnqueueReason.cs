namespace AlpsGhost.Agent.Policies;

/// <summary>Why a task (re)enters the run queue; policies place it accordingly.</summary>
public enum EnqueueReason
{
    /// <summary>TASK_NEW of a runnable task.</summary>
    New,
    /// <summary>TASK_WAKEUP after blocking.</summary>
    Wakeup,
    /// <summary>TASK_YIELD: it gave its CPU up voluntarily.</summary>
    Yield,
    /// <summary>TASK_PREEMPT not caused by us (a higher class or the kernel took the CPU).</summary>
    Preempted,
    /// <summary>TASK_PREEMPT after we committed another task to its CPU (the policy decided to preempt it).</summary>
    Displaced,
    /// <summary>
    /// Picked but not dispatched this round (messages pending, still on a CPU, or the commit failed):
    /// it returns with its previous key, so a failed attempt never costs it its place.
    /// </summary>
    Retry,
}
