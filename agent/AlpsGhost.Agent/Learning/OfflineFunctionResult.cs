namespace AlpsGhost.Agent.Learning;

/// <summary>What offline learning decided for one function, with the SRPT segment summary it came from.</summary>
/// <param name="FunctionId">Function id.</param>
/// <param name="Invocations">Records of the function in the window.</param>
/// <param name="Segments">SRPT segment lengths summary (ms).</param>
/// <param name="Basis">Trainer basis (ms).</param>
/// <param name="Std">Trainer std (ms).</param>
/// <param name="Rank">1 = shortest.</param>
/// <param name="SliceMs">Slice (ms; 0 = no protection).</param>
public sealed record OfflineFunctionResult(int FunctionId, int Invocations, SegmentStatistics Segments, double Basis, double Std, int Rank, long SliceMs);
