namespace AlpsGhost.Config;

/// <summary>How a function's basis is computed from its SRPT segments (<c>policy.alps.learning.trainer</c>).</summary>
public enum TrainerKind
{
    /// <summary>"avg": mean segment length.</summary>
    Avg,

    /// <summary>"lr": linear trend over the segment sequence, extrapolated one step.</summary>
    Lr,

    /// <summary>"forest": tree-ensemble regression over the segment sequence (seeded).</summary>
    Forest,
}
