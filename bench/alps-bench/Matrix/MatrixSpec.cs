using AlpsGhost.Ghost;
using AlpsGhost.Runs;

namespace AlpsGhost.Bench.Matrix;

/// <summary>What <c>alps-bench run</c> runs: every workload under every policy with every seed.</summary>
/// <param name="Workloads">Workload names or paths.</param>
/// <param name="Policies">Policy names (see <see cref="PolicyCatalog"/>).</param>
/// <param name="Seeds">Seeds, the same for every policy.</param>
/// <param name="Cpus">CPUs of the simulated machine.</param>
/// <param name="AgentMode"><c>spinning</c>, <c>queue-wakeup</c>, <c>adaptive</c> or <c>auto</c>.</param>
/// <param name="Utilization">Override of the workloads' target utilization.</param>
/// <param name="ConfigPath">Enclave config every policy starts from, or null for the defaults.</param>
/// <param name="FairClass">Fair-class model of the simulated kernel.</param>
/// <param name="Host">The host the simulator models: a ghOSt host, or the stock-Linux backend (<c>--host linux</c>).</param>
/// <param name="HostCosts">Measured host costs (<c>--costs</c>), or null for the defaults.</param>
/// <param name="DurationS">Override of the workloads' duration, seconds (<c>real</c> keeps runs short with it).</param>
internal sealed record MatrixSpec(IReadOnlyList<string> Workloads, IReadOnlyList<string> Policies, IReadOnlyList<ulong> Seeds,
    int Cpus, string AgentMode, double? Utilization, string? ConfigPath = null,
    AlpsGhost.Kernel.FairClassModel FairClass = AlpsGhost.Kernel.FairClassModel.Cfs511, AlpsGhost.Kernel.HostCostProfile? HostCosts = null,
    double? DurationS = null, string Host = AlpsGhost.Runs.RunRequest.GhostHost)
{
    /// <summary>Loads <c>--costs FILE</c> (null: none); a bad file is bad input.</summary>
    public static AlpsGhost.Kernel.HostCostProfile? LoadCosts(string? path)
    {
        try
        {
            return path is null ? null : AlpsGhost.Kernel.HostCostProfile.Load(path);
        }
        catch (AlpsGhost.Kernel.HostCostProfileException e)
        {
            throw new BenchException("--costs: " + e.Message);
        }
    }

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
