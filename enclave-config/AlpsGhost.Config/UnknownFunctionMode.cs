namespace AlpsGhost.Config;

/// <summary>What tasks whose function is unknown get (<c>policy.alps.unknown_functions.mode</c>).</summary>
public enum UnknownFunctionMode
{
    /// <summary>"fair": no rank, no slice; ordered by fairness ahead of ranked functions (ALPS's intended rule for non-function tasks).</summary>
    Fair,

    /// <summary>"fallback-rank": a fixed rank from the config and no slice.</summary>
    FallbackRank,
}
