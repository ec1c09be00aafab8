using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Workloads;

namespace AlpsGhost.Runs;

/// <summary>The policy catalog: builds the agent and the scheduling policy the configuration names, over any
/// enclave, real or simulated.</summary>
/// <remarks>The one place a policy name becomes a policy: the agent's runs, alps-bench (through
/// <see cref="SimulationRun"/>), the fault scenarios, the tests and the benchmarks all come here.</remarks>
public static class AgentFactory
{
    /// <summary>An agent for the config's policy (<c>fifo</c>, <c>alps</c>, <c>alps-io</c>, <c>sfs</c>, <c>srpt</c>, <c>gittins-oracle</c> or
    /// <c>gittins-oracle-seen</c>).</summary>
    /// <param name="oracle">Remaining demand per task, for <c>srpt</c>: only the simulated kernel has one.</param>
    public static CentralizedAgent Create(IGhostEnclave enclave, IWorkloadDefinition workload, EnclaveConfig config,
        PolicyPublisher publisher, ObservationQueue? observations = null, Action<string>? log = null, IRemainingDemandOracle? oracle = null) =>
        new(enclave, CreatePolicy(config, publisher, enclave.Cpus.Length, oracle), new AgentOptions(), new SimulatedFunctionResolver(FunctionIdentityRules.FromConfig(config), workload), observations, log);

    /// <summary>The scheduling policy the config names, for an enclave of <paramref name="enclaveCpus"/> CPUs.</summary>
    /// <exception cref="ArgumentException"><c>cfs</c> (no agent), or <c>srpt</c> without an oracle.</exception>
    public static ISchedulingPolicy CreatePolicy(EnclaveConfig config, PolicyPublisher publisher, int enclaveCpus, IRemainingDemandOracle? oracle = null) =>
        config.Policy.Name switch
        {
            PolicyName.Fifo => config.Policy.Fifo.PreemptionSliceMs is double ms
                ? new FifoPolicy((long)(ms * 1_000_000))
                : new FifoPolicy(),
            PolicyName.Alps or PolicyName.AlpsIo or PolicyName.GittinsOracle or PolicyName.GittinsOracleSeen => new AlpsPolicy(publisher, AlpsOptions(config)),
            PolicyName.Sfs => new SfsPolicy(enclaveCpus),
            PolicyName.Srpt => new SrptPolicy(oracle ?? throw new ArgumentException(
                "policy srpt needs to know each task's remaining CPU demand, which only the simulated kernel (--kernel sim) can tell", nameof(oracle))),
            _ => throw new ArgumentException($"policy {PolicyNames.Of(config.Policy.Name)} has no agent (expected one of {string.Join(", ", PolicyNames.All.Where(p => p != PolicyNames.Cfs))})", nameof(config)),
        };

    /// <summary>The options of the ALPS-family policy (<c>alps</c>, <c>alps-io</c>, <c>gittins-oracle</c>,
    /// <c>gittins-oracle-seen</c>) the config names.</summary>
    /// <remarks>The two oracles are the same mechanism as alps (minimum run, aging, unknown functions); only the
    /// knowledge differs: the publisher holds curves of the true demand distributions (GittinsOracleTable), of every
    /// function or, for gittins-oracle-seen, of those that have completed an invocation (SeenFunctionsOracle).
    /// With the default config this equals <c>new AlpsPolicyOptions()</c> (a test holds it), so tests and
    /// benchmarks that build the policy directly measure the policy that ships.</remarks>
    public static AlpsPolicyOptions AlpsOptions(EnclaveConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        bool io = config.Policy.Name == PolicyName.AlpsIo;
        string name = PolicyNames.Of(config.Policy.Name);
        bool oracle = PolicyNames.IsGittinsOracle(name);
        return new AlpsPolicyOptions
        {
            Name = name,
            UnknownFunctionRank = config.Policy.Alps.UnknownFunctions.Mode == UnknownFunctionMode.Fair
                ? null
                : config.Policy.Alps.UnknownFunctions.Rank,
            StarvationLimitNs = config.Policy.Alps.StarvationLimitMs * 1_000_000L,
            AgedQuantumNs = config.Policy.Alps.AgedQuantumMs * 1_000_000L,
            PreemptGuardNs = io ? config.Policy.Alps.IoPreemptGuardMs * 1_000_000L : 0,
            RoundRobinWithinRank = io,
            Order = oracle ? AlpsOrder.Gittins : AlpsOrderOf(config),
        };
    }

    /// <summary>ALPS's order: the Gittins index when configured and learning (service curves come only from
    /// learning; a static table has ranks alone), else the rank.</summary>
    public static AlpsOrder AlpsOrderOf(EnclaveConfig config) =>
        config.Policy.Alps.Order == AlpsOrderKind.Gittins && config.Policy.Alps.Learning.Enabled ? AlpsOrder.Gittins : AlpsOrder.Rank;

    /// <summary>
    /// The static ALPS table: the config's <c>policy.alps.static</c> entries by function name, else the
    /// workload file's <c>static</c> rank and slice. Functions in neither are unknown (they compete fairly).
    /// </summary>
    public static PolicySnapshot StaticTable(IWorkloadDefinition workload, EnclaveConfig config)
    {
        var table = new FunctionPolicy[workload.Functions.Count];
        var known = new bool[workload.Functions.Count];
        foreach (FunctionSpec f in workload.Functions)
        {
            if (f.StaticPolicy is { } s)
            {
                table[f.Id] = new FunctionPolicy(s.Rank, s.SliceNs);
                known[f.Id] = true;
            }
            foreach (StaticFunctionEntry e in config.Policy.Alps.Static)
            {
                if (e.Function == f.Name)
                {
                    table[f.Id] = new FunctionPolicy(e.Rank, e.SliceMs * 1_000_000L);
                    known[f.Id] = true;
                }
            }
        }
        return new PolicySnapshot(0, 0, table, known);
    }
}
