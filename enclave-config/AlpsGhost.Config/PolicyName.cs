namespace AlpsGhost.Config;

/// <summary>The scheduling policy (<c>policy.name</c>).</summary>
public enum PolicyName
{
    /// <summary>"fifo": first come first served, optionally preempted after a slice.</summary>
    Fifo,

    /// <summary>"alps": rank + minimum-slice policy learned from an SRPT simulation (or a static table).</summary>
    Alps,

    /// <summary>"cfs": fair (vruntime) ordering, the no-ALPS baseline.</summary>
    Cfs,

    /// <summary>"sfs": SFS (Fu et al., SC'22): FIFO with a credit from the arrival rate, then a fair lower level.</summary>
    Sfs,

    /// <summary>"srpt": oracle shortest-remaining-time-first, the bound on mean completion time (simulated kernel only).</summary>
    Srpt,

    /// <summary>"alps-io": ALPS with a preemption guard for CPU work against I/O wake-ups (docs/alps-io.md):
    /// a dispatched task keeps its CPU for <c>policy.alps.io_preempt_guard_ms</c> before a better rank may take it.</summary>
    AlpsIo,
}
