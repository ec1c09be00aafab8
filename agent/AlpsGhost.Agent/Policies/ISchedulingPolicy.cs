using AlpsGhost.Agent.Core;

namespace AlpsGhost.Agent.Policies;

/// <summary>
/// The decision code of a scheduler: a run queue plus a preemption rule. No kernel plumbing (messages,
/// status words, transactions): <see cref="CentralizedAgent"/> does that and calls these members.
/// </summary>
/// <remarks>
/// Every member is called on the agent thread, on the hot path: no allocation, no locks, no blocking.
/// A policy may write only <see cref="AgentTask.Rank"/>, <see cref="AgentTask.SliceNs"/> and
/// <see cref="AgentTask.Key"/>; tasks are identified by <see cref="AgentTask.Slot"/>.
/// </remarks>
public interface ISchedulingPolicy
{
    /// <summary>Short name used in stats and on the command line (<c>fifo</c>, <c>alps</c>).</summary>
    string Name { get; }

    /// <summary>Tasks in the run queue.</summary>
    int Count { get; }

    /// <summary>Preallocates for task slots 0..<paramref name="taskCapacity"/>-1; called once by the agent.</summary>
    void Initialize(int taskCapacity);

    /// <summary>Puts a runnable task in the run queue.</summary>
    void Enqueue(ref AgentTask task, EnqueueReason reason, long nowNs);

    /// <summary>Takes a task out of the run queue (it blocked, died or left); no-op if absent.</summary>
    void Remove(ref AgentTask task);

    /// <summary>The task that should run next, left in the queue.</summary>
    bool TryPeek(out int slot);

    /// <summary>Removes and returns the task that should run next.</summary>
    bool TryDequeue(out int slot);

    /// <summary>The task is being committed to a CPU: fix what this dispatch gets (e.g. its slice).</summary>
    void OnDispatch(ref AgentTask task, long nowNs);

    /// <summary>Whether <paramref name="candidate"/> (the best waiting task) should take the CPU of <paramref name="running"/> now.</summary>
    /// <param name="running">A task that owns a CPU.</param>
    /// <param name="candidate">The best waiting task.</param>
    /// <param name="nowNs">Agent clock.</param>
    /// <param name="recheckAtNs">When false: the earliest time the answer may change without a new
    /// event (e.g. the running task's slice expires), or <see cref="long.MaxValue"/>.</param>
    bool ShouldPreempt(in AgentTask running, in AgentTask candidate, long nowNs, out long recheckAtNs);

    /// <summary>Among running tasks that could be preempted, whether <paramref name="a"/> should go before <paramref name="b"/>.</summary>
    bool PreferVictim(in AgentTask a, in AgentTask b, long nowNs);

    /// <summary>Called once at the start of every scheduling round with the agent clock (policies that age
    /// waiting tasks need the time even where a call carries none).</summary>
    void BeginRound(long nowNs)
    {
    }
}
