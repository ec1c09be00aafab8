namespace AlpsGhost.Workloads.Sampling;

/// <summary>What a random stream is used for; part of the stream key so that the uses never share numbers.</summary>
internal enum StreamPurpose : ulong
{
    /// <summary>Arrival times of one function.</summary>
    Arrivals = 1,
    /// <summary>CPU demand of one function's invocations.</summary>
    CpuDemand = 2,
    /// <summary>Number of blocking waits and their lengths.</summary>
    Io = 3,
    /// <summary>Generating a synthetic function list.</summary>
    SyntheticFunctions = 4,
    /// <summary>Samples of a function's demand distribution for a distribution-aware oracle (never an invocation's own draw).</summary>
    DemandModelSamples = 5,
}
