namespace AlpsGhost.Service.Stats;

/// <summary>One function's current decision.</summary>
/// <param name="Name">Function name.</param>
/// <param name="Rank">Rank (lower runs first).</param>
/// <param name="SliceNs">Minimum uninterrupted run per dispatch (ns).</param>
public readonly record struct FunctionStats(string Name, int Rank, long SliceNs);
