namespace AlpsGhost.Agent.Learning;

/// <summary>How <see cref="SimulationMode.Reference"/> picks its 1/N of the window (the original used unseeded <c>random.sample</c>).</summary>
public enum ReferenceSampling
{
    /// <summary>The first count/N records in window order: the choice of the reference harness (docs/algorithm.md §7, §2.6).</summary>
    FirstK,

    /// <summary>Every N-th record in window order (indexes N-1, 2N-1, ...): same size, spread over the whole window.</summary>
    Stride,
}
