using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Service.Tests.Registration;

/// <summary>Passes everything to a real policy and records the rank it gave each task (by Linux tid) at TASK_NEW.</summary>
internal sealed class RankRecordingPolicy(ISchedulingPolicy inner) : ISchedulingPolicy
{
    public Dictionary<long, int> RankByTid { get; } = [];

    public string Name => inner.Name;

    public int Count => inner.Count;

    public void Initialize(int taskCapacity) => inner.Initialize(taskCapacity);

    public void Enqueue(ref AgentTask task, EnqueueReason reason, long nowNs)
    {
        inner.Enqueue(ref task, reason, nowNs);
        if (reason == EnqueueReason.New)
        {
            RankByTid[task.Gtid >> GhostAbi.GtidSeqnumBits] = task.Rank;
        }
    }

    public void Remove(ref AgentTask task) => inner.Remove(ref task);

    public bool TryPeek(out int slot) => inner.TryPeek(out slot);

    public bool TryDequeue(out int slot) => inner.TryDequeue(out slot);

    public void OnDispatch(ref AgentTask task, long nowNs) => inner.OnDispatch(ref task, nowNs);

    public bool ShouldPreempt(in AgentTask running, in AgentTask candidate, long nowNs, out long recheckAtNs) =>
        inner.ShouldPreempt(running, candidate, nowNs, out recheckAtNs);

    public bool PreferVictim(in AgentTask a, in AgentTask b, long nowNs) => inner.PreferVictim(a, b, nowNs);
}
