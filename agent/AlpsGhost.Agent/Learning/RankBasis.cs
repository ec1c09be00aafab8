namespace AlpsGhost.Agent.Learning;

/// <summary>What orders functions into ranks.</summary>
public enum RankBasis
{
    /// <summary>
    /// Mean CPU time per invocation over the whole window (ours, the default): SRPT serves the least
    /// remaining work first, so the rank that imitates it orders functions by their demand. Covers every
    /// function the window saw, sampled by the SRPT simulation or not.
    /// </summary>
    Demand,

    /// <summary>
    /// The trainer's basis, i.e. the mean SRPT segment length (the released ALPS, docs/algorithm.md §2.2).
    /// A long function that SRPT preempts often has short segments and can rank ahead of a shorter one.
    /// </summary>
    Segment,
}
