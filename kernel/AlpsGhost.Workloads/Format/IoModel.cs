using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Format;

/// <summary>How an I/O-bound invocation alternates compute and blocking: <c>n</c> blocking waits (uniform
/// integer in [MinWaits, MaxWaits]) between n + 1 compute bursts.</summary>
/// <param name="MinWaits">Fewest blocking waits.</param>
/// <param name="MaxWaits">Most blocking waits.</param>
/// <param name="Block">Length of each wait, ms.</param>
/// <param name="CpuPerBurst">False: the function's CPU demand is the invocation total, split evenly over the
/// bursts. True: the CPU demand is drawn anew for every burst (the total grows with the number of bursts).</param>
internal sealed record IoModel(int MinWaits, int MaxWaits, Distribution Block, bool CpuPerBurst)
{
    /// <summary>Expected number of compute bursts.</summary>
    public double MeanBursts => ((MinWaits + MaxWaits) / 2.0) + 1;
}
