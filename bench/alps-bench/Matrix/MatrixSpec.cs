using AlpsGhost.Ghost;

namespace AlpsGhost.Bench.Matrix;

/// <summary>What <c>alps-bench run</c> runs: every workload under every policy with every seed.</summary>
/// <param name="Workloads">Workload names or paths.</param>
/// <param name="Policies">Policy names (see <see cref="PolicyCatalog"/>).</param>
/// <param name="Seeds">Seeds, the same for every policy.</param>
/// <param name="Cpus">CPUs of the simulated machine.</param>
/// <param name="AgentMode"><c>spinning</c>, <c>queue-wakeup</c>, <c>adaptive</c> or <c>auto</c>.</param>
/// <param name="Utilization">Override of the workloads' target utilization.</param>
internal sealed record MatrixSpec(IReadOnlyList<string> Workloads, IReadOnlyList<string> Policies, IReadOnlyList<ulong> Seeds,
    int Cpus, string AgentMode, double? Utilization, string? ConfigPath = null)
{
    /// <summary>The agent mode that runs: <c>auto</c> is the default mode, the one measured best at 2, 16 and 56 CPUs
    /// (so it does not depend on the CPU count).</summary>
    public static string ResolveAgentMode(string mode)
    {
        if (mode == "auto")
        {
            return AgentModes.Name(AgentModes.Default);
        }
        return AgentModes.TryParse(mode, out _)
            ? mode
            : throw new BenchException($"--agent-mode '{mode}' is not valid: expected {string.Join(", ", AgentModes.Names)} or auto");
    }
}
