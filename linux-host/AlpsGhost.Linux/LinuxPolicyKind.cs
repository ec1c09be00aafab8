namespace AlpsGhost.Linux;

/// <summary>The policies the stock-Linux backend enforces (<c>cfs</c> is no agent at all).</summary>
public enum LinuxPolicyKind
{
    /// <summary>ALPS: band from the function's order key (Gittins index or rank), then fair after its slice.</summary>
    Alps,

    /// <summary>ALPS for mixed I/O and CPU functions: as <see cref="Alps"/> with SCHED_RR, so equal bands take turns.</summary>
    AlpsIo,

    /// <summary>SFS (SC'22): one FIFO priority for an adaptive slice, then fair.</summary>
    Sfs,

    /// <summary>One FIFO priority, no slice.</summary>
    Fifo,

    /// <summary>Oracle: band from the remaining declared demand.</summary>
    Srpt,
}
