namespace AlpsGhost.Agent.Learning;

/// <summary>
/// The outcome of one SRPT simulation, per job in input order (job id = index in the input).
/// </summary>
/// <remarks>
/// <see cref="End"/> is the tick of the job's last executed unit, so duration = end - arrival
/// (= wait + burst - 1 when never preempted), as in docs/algorithm.md §1.3.
/// </remarks>
public sealed class SrptRun
{
    internal SrptRun(int[][] segments, long[] wait, long[] end, int[] contextSwitches, int[] completionOrder)
    {
        Segments = segments;
        Wait = wait;
        End = end;
        ContextSwitches = contextSwitches;
        CompletionOrder = completionOrder;
    }

    /// <summary>Ticks run per dispatch, in dispatch order, final segment included.</summary>
    public IReadOnlyList<int[]> Segments { get; }

    /// <summary>First-dispatch wait (ticks): first dispatch tick - arrival.</summary>
    public IReadOnlyList<long> Wait { get; }

    /// <summary>Tick of the last executed unit.</summary>
    public IReadOnlyList<long> End { get; }

    /// <summary>Preemptions suffered by the job.</summary>
    public IReadOnlyList<int> ContextSwitches { get; }

    /// <summary>Job ids in completion order (ties: lower CPU index first).</summary>
    public IReadOnlyList<int> CompletionOrder { get; }
}
