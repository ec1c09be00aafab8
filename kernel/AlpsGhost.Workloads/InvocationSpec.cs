namespace AlpsGhost.Workloads;

/// <summary>One invocation of a function: a task that arrives, runs its phases in order, and exits.</summary>
/// <param name="Id">Dense id in arrival order.</param>
/// <param name="FunctionId">Index into <see cref="Workload.Functions"/>.</param>
/// <param name="ArrivalNs">Arrival time in virtual nanoseconds from the start of the run.</param>
/// <param name="Phases">Starts with a CPU phase; durations &gt; 0.</param>
public sealed record InvocationSpec(int Id, int FunctionId, long ArrivalNs, Phase[] Phases)
{
    /// <summary>Total CPU nanoseconds the invocation needs.</summary>
    public long CpuDemandNs => Total(PhaseKind.Cpu);

    /// <summary>Total blocked nanoseconds (a lower bound on wall time beyond CPU time).</summary>
    public long BlockedNs => Total(PhaseKind.Block);

    private long Total(PhaseKind kind)
    {
        long sum = 0;
        foreach (Phase p in Phases)
        {
            if (p.Kind == kind)
            {
                sum += p.DurationNs;
            }
        }
        return sum;
    }
}
