using AlpsGhost.Agent.Core;

namespace AlpsGhost.Agent.Policies;

/// <summary>
/// ghOSt's centralized FIFO: tasks run in the order they became runnable; a running task keeps its CPU
/// until it blocks, yields or exits, unless an optional preemption time slice is set.
/// </summary>
/// <remarks>
/// Placement follows ghost-userspace's centralized FIFO: new, woken and yielding tasks go to the back;
/// a task the kernel preempted (a higher class took its CPU) goes to the front, since it did not give
/// its turn up; a task preempted by the time slice goes to the back (round robin). A retried pick keeps
/// its place. The queue is an indexed heap keyed by an enqueue sequence (front = decreasing negative
/// sequence), so removing a task from the middle is O(log n) and nothing allocates.
/// </remarks>
public sealed class FifoPolicy : ISchedulingPolicy
{
    /// <summary>No preemption time slice: a running task is never preempted for a waiting one.</summary>
    public const long InfiniteSlice = long.MaxValue;

    private IndexedMinHeap? _queue;
    private long _backSequence;
    private long _frontSequence;

    /// <summary>Creates the policy.</summary>
    /// <param name="preemptionTimeSliceNs">After this long on a CPU a running task yields its CPU to a
    /// waiting one (<c>--preemption_time_slice</c> of ghOSt's centralized FIFO); default infinite.</param>
    public FifoPolicy(long preemptionTimeSliceNs = InfiniteSlice)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(preemptionTimeSliceNs);
        PreemptionTimeSliceNs = preemptionTimeSliceNs;
    }

    /// <summary>The preemption time slice (ns), <see cref="InfiniteSlice"/> when off.</summary>
    public long PreemptionTimeSliceNs { get; }

    /// <inheritdoc/>
    public string Name => "fifo";

    /// <inheritdoc/>
    public int Count => Queue.Count;

    private IndexedMinHeap Queue => _queue ?? throw new InvalidOperationException("FifoPolicy used before Initialize");

    /// <inheritdoc/>
    public void Initialize(int taskCapacity) => _queue = new IndexedMinHeap(taskCapacity);

    /// <inheritdoc/>
    public void Enqueue(ref AgentTask task, EnqueueReason reason, long nowNs)
    {
        task.Rank = 0;
        task.Key = reason switch
        {
            EnqueueReason.Retry => task.Key,
            EnqueueReason.Preempted => new QueueKey(0, 0, --_frontSequence),
            _ => new QueueKey(0, 0, ++_backSequence),
        };
        Queue.Insert(task.Slot, task.Key);
    }

    /// <inheritdoc/>
    public void Remove(ref AgentTask task) => Queue.Remove(task.Slot);

    /// <inheritdoc/>
    public bool TryPeek(out int slot) => Queue.TryPeek(out slot);

    /// <inheritdoc/>
    public bool TryDequeue(out int slot) => Queue.TryPop(out slot);

    /// <inheritdoc/>
    public void OnDispatch(ref AgentTask task, long nowNs) =>
        task.SliceNs = PreemptionTimeSliceNs == InfiniteSlice ? 0 : PreemptionTimeSliceNs;

    /// <inheritdoc/>
    public bool ShouldPreempt(in AgentTask running, in AgentTask candidate, long nowNs, out long recheckAtNs)
    {
        if (PreemptionTimeSliceNs == InfiniteSlice)
        {
            recheckAtNs = long.MaxValue;
            return false;
        }
        long expiry = Nanoseconds.SaturatingAdd(running.DispatchNs, PreemptionTimeSliceNs);
        if (nowNs >= expiry)
        {
            recheckAtNs = nowNs;
            return true;
        }
        recheckAtNs = expiry;
        return false;
    }

    /// <inheritdoc/>
    /// <remarks>The task that has held its CPU longest goes first (round robin).</remarks>
    public bool PreferVictim(in AgentTask a, in AgentTask b, long nowNs) => a.DispatchNs < b.DispatchNs;
}
