namespace AlpsGhost.Agent.Policy;

/// <summary>The decision ALPS makes for one function.</summary>
/// <param name="Rank">1 = runs first; ties compete fairly.</param>
/// <param name="SliceNs">Minimum uninterrupted run per dispatch; 0 = no protection (plain fair behaviour).</param>
public readonly record struct FunctionPolicy(int Rank, long SliceNs);
