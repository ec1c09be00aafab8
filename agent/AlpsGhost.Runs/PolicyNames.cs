using AlpsGhost.Config;

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

    /// <summary>gittins-oracle's knowledge of a function only once one of its invocations has completed (simulation-only
    /// bound on what learning from completions can reach).</summary>
    public const string GittinsOracleSeen = "gittins-oracle-seen";

    /// <summary>The command-line spelling of a parsed <c>policy.name</c>.</summary>
    public static string Of(PolicyName name) => name switch
    {
        PolicyName.Cfs => Cfs,
        PolicyName.Fifo => Fifo,
        PolicyName.Sfs => Sfs,
        PolicyName.Srpt => Srpt,
        PolicyName.AlpsIo => AlpsIo,
        PolicyName.GittinsOracle => GittinsOracle,
        PolicyName.GittinsOracleSeen => GittinsOracleSeen,
        PolicyName.Alps => Alps,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "a policy without a command-line name"),
    };

    /// <summary>Whether <paramref name="policy"/> is one of the Gittins-order bounds, which read the workload file's
    /// true demand distributions (<c>gittins-oracle</c>, <c>gittins-oracle-seen</c>).</summary>
    public static bool IsGittinsOracle(string policy) => policy is GittinsOracle or GittinsOracleSeen;

    /// <summary>Why the stock-Linux backend (real, or simulated with <c>--host linux</c>) cannot run <paramref name="policy"/>,
    /// or null when it can. The Gittins-oracle bounds need the workload file's distributions inside the ghOSt
    /// simulation; srpt runs on Linux from each task's declared demand.</summary>
    public static string? LinuxBackendRefusal(string policy) => IsGittinsOracle(policy)
        ? $"policy {policy} runs only on the simulated ghOSt host (alps-ghost-agent --kernel sim --host ghost; alps-bench run --host ghost, the default): the stock-Linux backend, real or simulated, has no table of true demand distributions"
        : null;

    /// <summary>Every name, in the order <c>--help</c> lists them.</summary>
    public static readonly string[] All = [Cfs, Fifo, Alps, Sfs, Srpt, AlpsIo, GittinsOracle, GittinsOracleSeen];
}
