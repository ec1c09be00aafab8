namespace AlpsGhost.Config;

/// <summary>One row of <c>policy.alps.static</c>: a fixed decision for a function.</summary>
/// <param name="Function">Function name as produced by the identity rules.</param>
/// <param name="Rank">1 = runs first.</param>
/// <param name="SliceMs">Minimum uninterrupted run per dispatch, ms; 0 = plain fair behaviour.</param>
public sealed record StaticFunctionEntry(string Function, int Rank, int SliceMs);
