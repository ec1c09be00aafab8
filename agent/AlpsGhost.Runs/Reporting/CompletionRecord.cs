namespace AlpsGhost.Runs.Reporting;

/// <summary>One invocation's outcome, independent of which kernel ran it.</summary>
/// <param name="FunctionId">Index into the workload's functions.</param>
/// <param name="ArrivalNs">When it arrived.</param>
/// <param name="FinishNs">When it exited; meaningless unless <paramref name="Completed"/>.</param>
/// <param name="DemandNs">CPU time it needed.</param>
/// <param name="ContextSwitches">Times it was switched off a CPU.</param>
/// <param name="Completed">Whether it finished before the run ended.</param>
public readonly record struct CompletionRecord(int FunctionId, long ArrivalNs, long FinishNs, long DemandNs, int ContextSwitches, bool Completed)
{
    /// <summary>Function completion time (arrival to exit), ns.</summary>
    public long CompletionNs => FinishNs - ArrivalNs;
}
