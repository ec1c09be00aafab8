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

    /// <summary>The rank unknown tasks compete at: 0 (ahead of rank 1) with "fair", else <see cref="Rank"/>.</summary>
    /// <remarks>Also the best rank an unprivileged registration may obtain (see docs/configuration.md, security).</remarks>
    public int EffectiveRank => Mode == UnknownFunctionMode.Fair ? 0 : Rank ?? 0;
}
