using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Ghost;

namespace AlpsGhost.Agent.Tests.Core;

/// <summary>A fake enclave, an agent over it, and function descriptions <c>/faas/f&lt;i&gt;/inv</c> resolving to function i.</summary>
internal sealed class AgentHarness : IDisposable
{
    public const int Functions = 8;
    private static readonly TaskDescription[] Descriptions = Enumerable.Range(0, Functions)
        .Select(f => new TaskDescription(0, $"fn{f}", $"/faas/f{f}/inv")).ToArray();
    private static readonly TaskDescription UnknownDescription = new(0, "stray", "/system/other");

    public AgentHarness(ISchedulingPolicy policy, int cpus = 2, AgentMode mode = AgentMode.Spinning, int observationCapacity = 1024, int messagesPerRound = 4096)
    {
        Enclave = new FakeEnclave(cpus, mode);
        Observations = new ObservationQueue(observationCapacity);
        var byCgroup = new Dictionary<string, int>();
        for (int f = 0; f < Functions; f++)
        {
            byCgroup[$"/faas/f{f}"] = f;
        }
        Agent = new CentralizedAgent(Enclave, policy, new AgentOptions { TaskCapacity = 256, LogIntervalNs = 0, MaxMessagesPerRound = messagesPerRound },
            new CgroupFunctionResolver(byCgroup), Observations, Logs.Add);
    }

    public FakeEnclave Enclave { get; }
    public CentralizedAgent Agent { get; }
    public ObservationQueue Observations { get; }
    public List<string> Logs { get; } = [];

    public long New(int function, bool runnable = true, long runtime = 0) =>
        Enclave.NewTask(function < 0 ? UnknownDescription : Descriptions[function], runnable, runtime);

    public long Run() => Agent.RunOnce();

    /// <summary>The gtids committed so far, in commit order.</summary>
    public long[] Dispatched() => Enclave.Commits.Select(c => c.Gtid).ToArray();

    public static PolicyPublisher Publisher(params (int Function, int Rank, long SliceNs)[] entries)
    {
        var table = new FunctionPolicy[Functions];
        var known = new bool[Functions];
        foreach ((int f, int rank, long slice) in entries)
        {
            table[f] = new FunctionPolicy(rank, slice);
            known[f] = true;
        }
        return new PolicyPublisher(new PolicySnapshot(1, 0, table, known));
    }

    public void Dispose() => Enclave.Dispose();
}
