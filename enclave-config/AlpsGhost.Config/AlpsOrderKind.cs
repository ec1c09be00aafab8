namespace AlpsGhost.Config;

/// <summary><c>policy.alps.order</c>: how ALPS orders runnable tasks.</summary>
public enum AlpsOrderKind
{
    /// <summary><c>"rank"</c>: the function's learned rank, then least CPU time used (the original ALPS).</summary>
    Rank,

    /// <summary><c>"gittins"</c>: the function's learned service curve at the CPU time the invocation has used
    /// (ours, the default; needs learning: with learning off the static ranks apply).</summary>
    Gittins,
}
