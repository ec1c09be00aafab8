namespace AlpsGhost.Kernel;

/// <summary>What happened to one invocation's task.</summary>
/// <param name="InvocationId">Invocation id.</param>
/// <param name="FunctionId">Function id.</param>
/// <param name="ArrivalNs">Arrival (virtual ns).</param>
/// <param name="FinishNs">Exit time, or -1 if it had not finished when the run stopped.</param>
/// <param name="CpuNs">CPU time consumed.</param>
/// <param name="DemandNs">CPU time the workload asked for.</param>
/// <param name="BlockedNs">Time spent blocked (completed block phases).</param>
/// <param name="ContextSwitches">Times it was switched out (preempted, blocked or yielded).</param>
/// <param name="MaxRunnableWaitNs">Longest stretch runnable but not running.</param>
/// <param name="FinishedInFairClass">It exited while in the fair class (cfs baseline, outside the enclave, or after the enclave died).</param>
/// <param name="Departed">It was moved out of the enclave (enclave destroyed) before exiting.</param>
public readonly record struct TaskOutcome(
    int InvocationId,
    int FunctionId,
    long ArrivalNs,
    long FinishNs,
    long CpuNs,
    long DemandNs,
    long BlockedNs,
    int ContextSwitches,
    long MaxRunnableWaitNs,
    bool FinishedInFairClass,
    bool Departed)
{
    /// <summary>Whether the task exited before the run stopped.</summary>
    public bool Finished => FinishNs >= 0;

    /// <summary>Turnaround (finish - arrival), or -1 if unfinished.</summary>
    public long TurnaroundNs => FinishNs >= 0 ? FinishNs - ArrivalNs : -1;
}
