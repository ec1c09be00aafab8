namespace AlpsGhost.Kernel.Fair;

/// <summary>How a task joins a fair runqueue; each fair-class model places it by its own rules.</summary>
internal enum FairEnqueue : byte
{
    /// <summary>A new task (fork/exec): CFS START_DEBIT, EEVDF zero lag and half a slice to its first deadline.</summary>
    New,

    /// <summary>A task waking from sleep with the state its model kept when it slept.</summary>
    Wake,

    /// <summary>A waiting task moved here from another CPU's runqueue by <see cref="IFairRunQueue.PopForMigration"/>.</summary>
    Migrated,
}

/// <summary>
/// One CPU's fair-class runqueue together with the rules of the fair-class model it follows (Linux 5.11 CFS or
/// 6.6+ EEVDF): placement, the pick, wake-up preemption, slice expiry and what a sleeper keeps.
/// </summary>
/// <remarks>
/// The kernel owns task state (Runnable/Running/Blocked), CPU choice, accounting (vruntime += delta x 1024 / weight,
/// the same in both models) and context switches; an implementation owns only virtual-time bookkeeping and the
/// order of its waiting tasks. The running task is never in the queue; it is <c>SimCpu.Current</c> when its class
/// is fair. Every method is allocation-free once the queue has grown.
/// </remarks>
internal interface IFairRunQueue
{
    /// <summary>Runnable tasks waiting for this CPU (not the running one; EEVDF's delayed sleepers excluded).</summary>
    int Count { get; }

    /// <summary>Places <paramref name="t"/> by the model's rules for <paramref name="how"/> and queues it.</summary>
    void Enqueue(SimTask t, FairEnqueue how);

    /// <summary>The preempted running task goes back into the queue with its virtual time unchanged.</summary>
    void Requeue(SimTask t);

    /// <summary>Removes and returns the task to run next, or null when none is waiting.</summary>
    SimTask? PopNext();

    /// <summary>Detaches a waiting task for another CPU (<see cref="Count"/> &gt; 0); re-attach it with <see cref="FairEnqueue.Migrated"/>.</summary>
    SimTask PopForMigration();

    /// <summary>The running task <paramref name="t"/> was just switched out (it blocks, exits, or is requeued).</summary>
    void CurrentStopped(SimTask t);

    /// <summary>
    /// The running task <paramref name="t"/> leaves the fair class but keeps the CPU (it was made real-time): keep what
    /// the model carries over an excursion into another class.
    /// </summary>
    void CurrentLeaves(SimTask t);

    /// <summary>The stopped task <paramref name="t"/> blocks: keep what the model remembers over a sleep.</summary>
    void Sleep(SimTask t);

    /// <summary>A sleeper this queue still holds (EEVDF delayed dequeue) wakes: requeues it in place and returns true; false otherwise.</summary>
    bool WakeInPlace(SimTask t);

    /// <summary>The waiting task <paramref name="t"/> leaves the fair class (it was made real-time): remove it, keeping what a sleeper keeps.</summary>
    void Remove(SimTask t);

    /// <summary>A sleeper this queue still holds exits without running again: drop it.</summary>
    void Forget(SimTask t);

    /// <summary>Whether <paramref name="woken"/>, just enqueued, takes the CPU from the running <paramref name="current"/>.</summary>
    bool WakeupPreempts(SimTask current, SimTask woken);

    /// <summary>Wall time at which the kernel notices the end of <paramref name="current"/>'s slice when it runs from <paramref name="startNs"/>.</summary>
    long SliceEnd(SimTask current, long startNs);

    /// <summary>At its slice end: whether <paramref name="current"/> gives the CPU to a waiting task.</summary>
    bool ShouldYield(SimTask current);

    /// <summary><paramref name="t"/>, already running here, joins the fair class (it left the ghOSt or real-time class).</summary>
    void Adopt(SimTask t);
}
