namespace AlpsGhost.Config;

/// <summary><c>policy.alps.learning.rank_basis</c>: what orders functions into ranks.</summary>
public enum RankBasisKind
{
    /// <summary><c>"demand"</c>: mean CPU time per invocation over the window (ours, the default).</summary>
    Demand,

    /// <summary><c>"segment"</c>: the trainer's mean SRPT segment length (the released ALPS).</summary>
    Segment,
}
