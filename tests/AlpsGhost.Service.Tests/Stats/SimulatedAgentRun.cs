using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Kernel;
using AlpsGhost.Service.Stats;
using AlpsGhost.Workloads;

namespace AlpsGhost.Service.Tests.Stats;

/// <summary>A short simulated ALPS run whose agent publishes stats snapshots as the daemon's does.</summary>
internal static class SimulatedAgentRun
{
    public static (StatsPublisher Publisher, CentralizedAgent Agent, List<AgentStatsSnapshot> Published) Run(long intervalNs)
    {
        string root = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(root, "alps-ghost.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }
        Workload w = WorkloadFile.Load(Path.Combine(root, "bench", "workloads", "fib-groups.json"),
            new WorkloadOverrides { CpuCount = 2, Seed = 3, DurationNs = 1_000_000_000 });
        var table = new FunctionPolicy[w.Functions.Count];
        var known = new bool[w.Functions.Count];
        var names = new List<string>();
        var byCgroup = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (FunctionSpec f in w.Functions)
        {
            table[f.Id] = new FunctionPolicy(f.StaticPolicy!.Rank, f.StaticPolicy.SliceNs);
            known[f.Id] = true;
            names.Add(f.Name);
            byCgroup[f.CgroupPath] = f.Id;
        }
        var policy = new PolicyPublisher(new PolicySnapshot(0, 0, table, known));
        using var kernel = new SimulatedKernel(w, new SimulationOptions { CpuCount = 2, Seed = 3 });
        var enclave = kernel.CreateEnclave();
        // As the daemon wires it: every completion reaches the histograms through the observation queue.
        var completions = new CompletionHistograms(4096, 60_000_000_000);
        var agent = new CentralizedAgent(enclave, new AlpsPolicy(policy), new AgentOptions(), new CgroupFunctionResolver(byCgroup),
            ObservationQueue.CompletionsOnly(completions));
        var publisher = new StatsPublisher(agent.Stats, policy, () => names, () => new LearnerStats(123, 0.25, 4, 1), intervalNs, completions);
        var published = new List<AgentStatsSnapshot>();
        kernel.AttachAgent(new Publishing(agent, publisher, enclave, published));
        kernel.Run();
        publisher.Publish(enclave.NowNanoseconds); // the last snapshot sees every completion
        return (publisher, agent, published);
    }

    private sealed class Publishing(CentralizedAgent agent, StatsPublisher publisher, AlpsGhost.Ghost.IGhostEnclave enclave, List<AgentStatsSnapshot> published) : ISimulatedAgent
    {
        public long RunOnce()
        {
            long next = agent.RunOnce();
            AgentStatsSnapshot before = publisher.Current;
            publisher.OnRound(enclave.NowNanoseconds);
            if (!ReferenceEquals(before, publisher.Current))
            {
                published.Add(publisher.Current);
            }
            return next;
        }
    }
}
