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

    /// <summary>"alps-io": ALPS for mixed I/O- and CPU-bound functions (docs/alps-io.md): round robin within a
    /// rank, and the optional preemption guard <c>policy.alps.io_preempt_guard_ms</c> against better-ranked wake-ups.</summary>
    AlpsIo,

    /// <summary>"gittins-oracle": the non-clairvoyant bound (simulated kernel only): ALPS's Gittins order over each
    /// function's true CPU-demand distribution (from the workload file), knowing no invocation's size.</summary>
    GittinsOracle,

    /// <summary>"gittins-oracle-seen": the learning bound (simulated kernel only): gittins-oracle's knowledge of a function
    /// only from the moment one of its invocations has completed; until then the function is unknown, as it is to alps.</summary>
    GittinsOracleSeen,
}
