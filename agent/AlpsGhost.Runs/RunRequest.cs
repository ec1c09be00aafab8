using AlpsGhost.Config;
using AlpsGhost.Ghost;

namespace AlpsGhost.Runs;

/// <summary>Everything a run needs: the effective configuration (file + flags) and the simulation inputs.</summary>
/// <param name="Config">Configuration after command-line overrides.</param>
/// <param name="Kernel"><c>ghost</c>, <c>sim</c> or <c>linux</c>.</param>
/// <param name="Workload">Workload file (simulation).</param>
/// <param name="Cpus">CPUs of the simulated machine.</param>
/// <param name="Seed">Seed of the workload and the simulator.</param>
/// <param name="Utilization">Override of the workload's target utilization.</param>
/// <param name="TaskPids">Real host: processes whose threads are moved into the enclave.</param>
/// <param name="TaskCgroups">Real host: cgroup v2 directories whose threads (present and future) are moved in.</param>
/// <param name="FairClass">Simulation: the fair-class model (cfs-5.11 = the ghOSt host, eevdf = a stock host).</param>
/// <param name="HostCosts">Simulation: measured host costs replacing the defaults they cover, or null.</param>
/// <param name="EnclaveDir">Real host: an existing enclave directory to attach to instead of creating one.</param>
/// <param name="Log">What the agent and learner log, and where (null: info and above to the run's log writer).</param>
public sealed record RunRequest(
    EnclaveConfig Config,
    string Kernel,
    FileInfo? Workload,
    int Cpus,
    ulong Seed,
    double? Utilization,
    IReadOnlyList<int>? TaskPids = null,
    IReadOnlyList<string>? TaskCgroups = null,
    AlpsGhost.Kernel.FairClassModel FairClass = AlpsGhost.Kernel.FairClassModel.Cfs511,
    AlpsGhost.Kernel.HostCostProfile? HostCosts = null,
    string? EnclaveDir = null,
    LogFilter? Log = null,
    string Host = RunRequest.GhostHost,
    int LinuxTickMs = AlpsGhost.Linux.LinuxAgentOptions.DefaultTickMs,
    AlpsGhost.Linux.FairTierMode LinuxFairTier = AlpsGhost.Linux.FairTierMode.Order)
{
    /// <summary><c>--host</c> values: what <c>--kernel sim</c> models (a ghOSt host, or the stock-Linux backend).</summary>
    public const string GhostHost = "ghost", LinuxHost = "linux";

    /// <summary>Policy name as the command line spells it.</summary>
    public string Policy => PolicyNames.Of(Config.Policy.Name);

    /// <summary>How the global agent waits.</summary>
    public AgentMode AgentMode => Config.Agent.Mode switch
    {
        AgentWaitMode.QueueWakeup => AgentMode.QueueWakeup,
        AgentWaitMode.Adaptive => AgentMode.Adaptive,
        _ => AgentMode.Spinning,
    };

    /// <summary>Whether ALPS learns (otherwise it uses the static table).</summary>
    public bool Learning => Config.Policy.Alps.Learning.Enabled;

    /// <summary>Whether the policy is an oracle bound that only the simulated kernel can feed (<c>srpt</c>, <c>gittins-oracle</c>,
    /// <c>gittins-oracle-seen</c>).</summary>
    public bool IsSimulationOnly => Policy == PolicyNames.Srpt || PolicyNames.IsGittinsOracle(Policy);

    /// <summary>Why the stock-Linux backend (real or simulated) cannot run this request's policy, or null when it can.</summary>
    public string? LinuxBackendRefusal => PolicyNames.LinuxBackendRefusal(Policy);

    /// <summary>Whether the policy is an ALPS mode (<c>alps</c> or <c>alps-io</c>): learned ranks and slices.</summary>
    public bool IsAlps => Config.Policy.Name is PolicyName.Alps or PolicyName.AlpsIo;
}
