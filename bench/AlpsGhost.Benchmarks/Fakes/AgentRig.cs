using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Ghost;

namespace AlpsGhost.Benchmarks.Fakes;

/// <summary>A <see cref="FakeEnclave"/> and the production <see cref="CentralizedAgent"/> over it.</summary>
/// <remarks>Functions 0..7 live in cgroups <c>/faas/f&lt;i&gt;</c>; the alps policy gets a static table
/// (function f: rank f + 1, slice 1 ms) as if the learner had published one.</remarks>
internal sealed class AgentRig : IDisposable
{
    public const int Functions = 8;

    private readonly TaskDescription[] _descriptions = new TaskDescription[Functions];

    public AgentRig(string policy, int cpus, int taskCapacity = 1024)
    {
        var byCgroup = new Dictionary<string, int>();
        var table = new FunctionPolicy[Functions];
        var known = new bool[Functions];
        for (int f = 0; f < Functions; f++)
        {
            byCgroup[$"/faas/f{f}"] = f;
            _descriptions[f] = new TaskDescription(0, $"fn{f}", $"/faas/f{f}/inv");
            table[f] = new FunctionPolicy(f + 1, 1_000_000);
            known[f] = true;
        }
        var publisher = new PolicyPublisher(new PolicySnapshot(1, 0, table, known));
        Enclave = new FakeEnclave(cpus);
        Observations = new ObservationQueue(1 << 16);
        Agent = new CentralizedAgent(Enclave, SchedulingPolicies.Create(policy, publisher),
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
