namespace AlpsGhost.Config;

/// <summary>The <c>policy.alps.unknown_functions</c> section: tasks with no known function or no learned decision.</summary>
/// <remarks>Invariant: <see cref="Rank"/> is non-null exactly when <see cref="Mode"/> is
/// <see cref="UnknownFunctionMode.FallbackRank"/>.</remarks>
public sealed record UnknownFunctionsConfig
{
    /// <summary>How unknown tasks are treated.</summary>
    public UnknownFunctionMode Mode { get; init; } = UnknownFunctionMode.Fair;

    /// <summary>The rank of unknown tasks with <see cref="UnknownFunctionMode.FallbackRank"/>; null with "fair".</summary>
    public int? Rank { get; init; }

    /// <summary>
    /// The best rank an unprivileged registration may obtain (see docs/configuration.md, security):
    /// <see cref="Rank"/> with "fallback-rank"; with "fair" the unknown rank follows each learned snapshot
    /// (its largest rank), so no fixed value is safe and the cap is the worst rank, <see cref="int.MaxValue"/>.
    /// </summary>
    public int EffectiveRank => Mode == UnknownFunctionMode.Fair ? int.MaxValue : Rank ?? int.MaxValue;
}
