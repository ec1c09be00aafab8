namespace AlpsGhost.Workloads;

/// <summary>One invocation of a function: a task that arrives, runs its phases in order, and exits.</summary>
/// <param name="Id">Dense id in arrival order.</param>
/// <param name="FunctionId">Index into <see cref="Workload.Functions"/>.</param>
/// <param name="ArrivalNs">Arrival time in virtual nanoseconds from the start of the run.</param>
/// <param name="Phases">Starts with a CPU phase; durations &gt; 0.</param>
public sealed record InvocationSpec(int Id, int FunctionId, long ArrivalNs, Phase[] Phases)
{
    /// <summary>Total CPU nanoseconds the invocation needs.</summary>
    public long CpuDemandNs
    {
        get
        {
            long sum = 0;
            foreach (Phase p in Phases)
            {
                if (p.Kind == PhaseKind.Cpu)
                {
                    sum += p.DurationNs;
                }
            }
            return sum;
        }
    }

    /// <summary>Total blocked nanoseconds (a lower bound on wall time beyond CPU time).</summary>
    public long BlockedNs
    {
        get
        {
            long sum = 0;
            foreach (Phase p in Phases)
            {
                if (p.Kind == PhaseKind.Block)
                {
                    sum += p.DurationNs;
                }
            }
            return sum;
        }
    }
}
