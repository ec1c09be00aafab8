using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Runs;

namespace AlpsGhost.Benchmarks.Fakes;

/// <summary>A <see cref="FakeEnclave"/> and the production <see cref="CentralizedAgent"/> over it.</summary>
/// <remarks>Functions 0..7 live in cgroups <c>/faas/f&lt;i&gt;</c>; the policy comes from the policy catalog
/// with the default configuration (for alps: Gittins order, aging on), and gets a snapshot as if the learner
/// had published one (function f: rank f + 1, slice 1 ms, a service curve of demands (f + 1) x 1..64 x 0.1 ms).</remarks>
internal sealed class AgentRig : IDisposable
{
    public const int Functions = 8;

    private readonly TaskDescription[] _descriptions = new TaskDescription[Functions];

    public AgentRig(string policy, int cpus, int taskCapacity = 1024)
    {
        var byCgroup = new Dictionary<string, int>();
        var table = new FunctionPolicy[Functions];
        var known = new bool[Functions];
        var curves = new ServiceCurve?[Functions];
        for (int f = 0; f < Functions; f++)
        {
            byCgroup[$"/faas/f{f}"] = f;
            _descriptions[f] = new TaskDescription(0, $"fn{f}", $"/faas/f{f}/inv");
            table[f] = new FunctionPolicy(f + 1, 1_000_000);
            known[f] = true;
            var demands = new long[64];
            for (int i = 0; i < demands.Length; i++)
            {
                demands[i] = (f + 1) * (i + 1) * 100_000L;
            }
            curves[f] = ServiceCurveBuilder.FromSortedDemands(demands);
        }
        var publisher = new PolicyPublisher(new PolicySnapshot(1, 0, table, known, curves));
        EnclaveConfig config = EnclaveConfigLoader.Load(null, new ConfigOverrides { Policy = policy });
        Enclave = new FakeEnclave(cpus);
        Observations = new ObservationQueue(1 << 16);
        Agent = new CentralizedAgent(Enclave, AgentFactory.CreatePolicy(config, publisher, cpus),
            new AgentOptions { TaskCapacity = taskCapacity, LogIntervalNs = 0 },
            new CgroupFunctionResolver(byCgroup), Observations, log: null);
    }

    public FakeEnclave Enclave { get; }
    public CentralizedAgent Agent { get; }
    public ObservationQueue Observations { get; }

    /// <summary>A new task of function <paramref name="function"/> (TASK_NEW produced, not yet handled).</summary>
    public long NewTask(int function, bool runnable) => Enclave.NewTask(_descriptions[function % Functions], runnable);

    public void Dispose() => Enclave.Dispose();
}
