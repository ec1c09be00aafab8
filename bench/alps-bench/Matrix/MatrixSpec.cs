namespace AlpsGhost.Bench.Matrix;

/// <summary>What <c>alps-bench run</c> runs: every workload under every policy with every seed.</summary>
/// <param name="Workloads">Workload names or paths.</param>
/// <param name="Policies">Policy names (see <see cref="PolicyCatalog"/>).</param>
/// <param name="Seeds">Seeds, the same for every policy.</param>
/// <param name="Cpus">CPUs of the simulated machine.</param>
/// <param name="AgentMode"><c>spinning</c>, <c>queue-wakeup</c> or <c>auto</c>.</param>
/// <param name="Utilization">Override of the workloads' target utilization.</param>
/// <param name="ConfigPath">Enclave config file every policy starts from (null: the built-in defaults).</param>
/// <param name="DurationS">Override of the workloads' duration, seconds (<c>real</c> keeps runs short with it).</param>
internal sealed record MatrixSpec(IReadOnlyList<string> Workloads, IReadOnlyList<string> Policies, IReadOnlyList<ulong> Seeds,
    int Cpus, string AgentMode, double? Utilization, string? ConfigPath = null, double? DurationS = null)
{
    /// <summary>The agent mode that runs on <paramref name="cpus"/> CPUs: <c>auto</c> sleeps the agent on small enclaves.</summary>
    /// <remarks>A spinning agent owns a whole CPU; below 4 CPUs that is a quarter or more of the machine.</remarks>
    public static string ResolveAgentMode(string mode, int cpus) => mode switch
    {
        "auto" => cpus < 4 ? "queue-wakeup" : "spinning",
        "spinning" or "queue-wakeup" => mode,
        _ => throw new BenchException($"--agent-mode '{mode}' is not valid: expected spinning, queue-wakeup or auto"),
    };
}
