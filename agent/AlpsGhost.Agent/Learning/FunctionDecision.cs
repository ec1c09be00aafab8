namespace AlpsGhost.Agent.Learning;

/// <summary>The learned decision for one function in one round, with the numbers it came from.</summary>
/// <param name="FunctionId">Function id.</param>
/// <param name="Basis">Trainer basis (ms).</param>
/// <param name="Std">Trainer std (ms).</param>
/// <param name="Rank">1 = shortest basis.</param>
/// <param name="SliceMs">Slice in whole ms (0 = no protection).</param>
public readonly record struct FunctionDecision(int FunctionId, double Basis, double Std, int Rank, long SliceMs)
{
    /// <summary>Slice in ns, as <see cref="Policy.FunctionPolicy.SliceNs"/> wants it.</summary>
    public long SliceNs => SliceMs * 1_000_000;

    /// <summary>The value the rank was ordered by (the basis, or the mean demand with <see cref="RankBasis.Demand"/>).</summary>
    public double RankKey { get; init; } = Basis;
}
