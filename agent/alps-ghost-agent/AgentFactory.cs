using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Workloads;

namespace AlpsGhost.Cli;

/// <summary>Builds the agent for the configured policy over any enclave, real or simulated.</summary>
internal static class AgentFactory
{
    /// <summary>An agent for the config's policy (<c>fifo</c> or <c>alps</c>).</summary>
    public static CentralizedAgent Create(IGhostEnclave enclave, Workload workload, EnclaveConfig config,
        PolicyPublisher publisher, ObservationQueue? observations = null, Action<string>? log = null)
    {
        ISchedulingPolicy scheduling = config.Policy.Name switch
        {
            PolicyName.Fifo => config.Policy.Fifo.PreemptionSliceMs is double ms
                ? new FifoPolicy((long)(ms * 1_000_000))
                : new FifoPolicy(),
            PolicyName.Alps => new AlpsPolicy(publisher, new AlpsPolicyOptions
            {
                UnknownFunctionRank = config.Policy.Alps.UnknownFunctions.Mode == UnknownFunctionMode.Fair
                    ? null
                    : config.Policy.Alps.UnknownFunctions.Rank,
                StarvationLimitNs = config.Policy.Alps.StarvationLimitMs * 1_000_000L,
                AgedQuantumNs = config.Policy.Alps.AgedQuantumMs * 1_000_000L,
            }),
            _ => throw new ArgumentException($"policy {config.Policy.Name} has no agent (expected fifo or alps)", nameof(config)),
        };
        return new CentralizedAgent(enclave, scheduling, new AgentOptions(), ResolverFor(workload), observations, log);
    }

    /// <summary>Simulated tasks live in their function's cgroup: the same rule an operator configures on a real host.</summary>
    public static CgroupFunctionResolver ResolverFor(Workload workload)
    {
        var byCgroup = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (FunctionSpec f in workload.Functions)
        {
            byCgroup[f.CgroupPath] = f.Id;
        }
        return new CgroupFunctionResolver(byCgroup);
    }

    /// <summary>
    /// The static ALPS table: the config's <c>policy.alps.static</c> entries by function name, else the
    /// workload file's <c>static</c> rank and slice. Functions in neither are unknown (they compete fairly).
    /// </summary>
    public static PolicySnapshot StaticTable(Workload workload, EnclaveConfig config)
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
