using AlpsGhost.Agent.Core;

namespace AlpsGhost.Agent.Policies;

/// <summary>
/// Preemptive shortest-remaining-processing-time across the enclave's CPUs, with oracle knowledge of each
/// task's remaining CPU demand: the bound on mean completion time the other policies are measured against.
/// Simulation only (<see cref="IRemainingDemandOracle"/>).
/// </summary>
/// <remarks>
/// <para>Run queue: an indexed heap keyed by (remaining demand when the task became runnable, 0, sequence).
/// A running task's remaining demand is that key minus the time since its dispatch (it runs all that time).</para>
/// <para>A waiting task with strictly less remaining demand than a running one preempts it once the running
/// task has had <see cref="MinimumRunNs"/> on its CPU; the victim is the running task with the most remaining.
/// The minimum run keeps near-equal keys from swapping CPUs on every agent round (each swap costs two
/// context switches); 100 µs is far below a FaaS invocation and above a context switch.</para>
/// <para>A task the oracle does not know (never the case in the simulator) sorts after every known one.</para>
/// </remarks>
public sealed class SrptPolicy : ISchedulingPolicy
{
    /// <summary>Default <see cref="MinimumRunNs"/>: 100 µs.</summary>
    public const long DefaultMinimumRunNs = 100_000;

    /// <summary>Remaining demand assumed for a task the oracle does not know.</summary>
    public const long UnknownRemainingNs = long.MaxValue / 4;

    private readonly IRemainingDemandOracle _oracle;
    private IndexedMinHeap? _queue;
    private long _sequence;

    /// <summary>Creates the policy over <paramref name="oracle"/>.</summary>
    /// <param name="oracle">Remaining demand per task (the simulated kernel).</param>
    /// <param name="minimumRunNs">Uninterrupted run a dispatched task gets before a shorter one may preempt it (&gt;= 0).</param>
    public SrptPolicy(IRemainingDemandOracle oracle, long minimumRunNs = DefaultMinimumRunNs)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumRunNs);
        _oracle = oracle;
        MinimumRunNs = minimumRunNs;
    }

    /// <summary>Minimum run per dispatch before preemption (ns).</summary>
    public long MinimumRunNs { get; }

    /// <inheritdoc/>
    public string Name => "srpt";

    /// <inheritdoc/>
    public int Count => Queue.Count;

    private IndexedMinHeap Queue => _queue ?? throw new InvalidOperationException("SrptPolicy used before Initialize");

    /// <inheritdoc/>
    public void Initialize(int taskCapacity) => _queue = new IndexedMinHeap(taskCapacity);

    /// <inheritdoc/>
    public void Enqueue(ref AgentTask task, EnqueueReason reason, long nowNs)
    {
        if (reason != EnqueueReason.Retry)
        {
            long remaining = _oracle.TryGetRemainingNs(task.Gtid, out long r) ? r : UnknownRemainingNs;
            task.Rank = 0;
            task.Key = new QueueKey(remaining, 0, ++_sequence);
        }
        Queue.Insert(task.Slot, task.Key);
    }

    /// <inheritdoc/>
    public void Remove(ref AgentTask task) => Queue.Remove(task.Slot);

    /// <inheritdoc/>
    public bool TryPeek(out int slot) => Queue.TryPeek(out slot);

    /// <inheritdoc/>
    public bool TryDequeue(out int slot) => Queue.TryPop(out slot);

    /// <inheritdoc/>
    public void OnDispatch(ref AgentTask task, long nowNs) => task.SliceNs = MinimumRunNs;

    /// <inheritdoc/>
    public bool ShouldPreempt(in AgentTask running, in AgentTask candidate, long nowNs, out long recheckAtNs)
    {
        long protectedUntil = Nanoseconds.SaturatingAdd(running.DispatchNs, MinimumRunNs);
        if (nowNs < protectedUntil)
        {
            // Come back when the minimum run ends only if the candidate will still be shorter then: a needless
            // wakeup costs a context switch in queue-wakeup mode (the agent runs on an enclave CPU).
            recheckAtNs = candidate.Key.Major < RemainingNs(running, protectedUntil) ? protectedUntil : long.MaxValue;
            return false;
        }
        // The running task only gets shorter while it runs: without a new event the answer stays no.
        recheckAtNs = long.MaxValue;
        return candidate.Key.Major < RemainingNs(running, nowNs);
    }

    /// <inheritdoc/>
    /// <remarks>The running task with the most remaining demand goes first.</remarks>
    public bool PreferVictim(in AgentTask a, in AgentTask b, long nowNs) => RemainingNs(a, nowNs) > RemainingNs(b, nowNs);

    /// <summary>Remaining demand of a running task now: its key minus the time it has run since its dispatch.</summary>
    public static long RemainingNs(in AgentTask running, long nowNs) =>
        Math.Max(0, running.Key.Major - Math.Max(0, nowNs - running.DispatchNs));
}
