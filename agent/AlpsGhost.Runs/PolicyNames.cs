namespace AlpsGhost.Runs;

/// <summary>The policy names the agent offers (<c>--policy</c>, <c>policy.name</c>), as the command line spells them.</summary>
/// <remarks>The config's <c>PolicyName</c> enum is the parsed form; <see cref="AgentFactory.CreatePolicy"/> maps it
/// to a policy. alps-bench takes <see cref="All"/> at run time, so a policy added here is usable there unchanged.</remarks>
public static class PolicyNames
{
    /// <summary>No agent: the kernel's fair class schedules the tasks.</summary>
    public const string Cfs = "cfs";

    /// <summary>First come, first served (optionally with a preemption slice).</summary>
    public const string Fifo = "fifo";

    /// <summary>ALPS: learned ranks, slices and service curves.</summary>
    public const string Alps = "alps";

    /// <summary>SFS: a FIFO filter with a fair fallback.</summary>
    public const string Sfs = "sfs";

    /// <summary>Shortest remaining processing time (simulation-only oracle).</summary>
    public const string Srpt = "srpt";

    /// <summary>ALPS with round robin within a rank and a preemption guard, for I/O-heavy functions.</summary>
    public const string AlpsIo = "alps-io";

    /// <summary>ALPS's Gittins order over the true demand distributions (simulation-only bound).</summary>
    public const string GittinsOracle = "gittins-oracle";

    /// <summary>Every name, in the order <c>--help</c> lists them.</summary>
    public static readonly string[] All = [Cfs, Fifo, Alps, Sfs, Srpt, AlpsIo, GittinsOracle];
}
