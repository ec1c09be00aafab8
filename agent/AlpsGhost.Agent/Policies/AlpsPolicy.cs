using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Policies;

/// <summary>
/// ALPS: each function's learned rank and slice, from the <see cref="PolicyPublisher"/>'s current
/// snapshot. Lower rank runs first; within a rank, least CPU time consumed first; a dispatched task is
/// protected for its slice, then competes fairly.
/// </summary>
/// <remarks>
/// <para>Run queue: an indexed heap keyed by (rank, CPU time at enqueue, enqueue sequence).</para>
/// <para>Rank is read from the snapshot when the task becomes runnable, the slice when it is dispatched,
/// each with one volatile read, so a new snapshot applies to the next enqueue / dispatch.</para>
/// <para>Slice protection (ALPS's kernel hook): a running task keeps its CPU until it has run
/// max(slice, <see cref="AlpsPolicyOptions.MinimumRunNs"/>) since its dispatch, even against a better
/// rank. After that it is preempted by a waiting task of strictly better (rank, CPU time), its CPU time
/// being estimated as the runtime at dispatch plus the time since.</para>
/// <para>Within a rank, least CPU time first by default; round robin with
/// <see cref="AlpsPolicyOptions.RoundRobinWithinRank"/> (alps-io).</para>
/// <para>With <see cref="AlpsOrder.Gittins"/> the key is instead the function's learned
/// <see cref="ServiceCurve"/> at the task's CPU time (its Gittins index, in ns), then arrival order; a
/// running task's index is re-read at its estimated CPU time, so it is preempted when a waiting task's
/// index is strictly lower, and the agent is woken when its own index will pass the best waiting one. In this order a
/// dispatch is protected only for <see cref="AlpsPolicyOptions.MinimumRunNs"/> (or an aged quantum), not for its
/// function's learned slice, unless <see cref="AlpsPolicyOptions.SlicesInIndexOrder"/>.
/// A task whose function has no curve yet is indexed as the worst fresh invocation the snapshot knows plus
/// the CPU time it has used (least attained service among such tasks, like unknown ranks).</para>
/// <para>Unknown functions: see <see cref="AlpsPolicyOptions.UnknownFunctionRank"/>.</para>
/// </remarks>
public sealed class AlpsPolicy : ISchedulingPolicy
{
    private readonly PolicyPublisher _publisher;
    private readonly AlpsPolicyOptions _options;
    private IndexedMinHeap? _queue;
    private readonly AlpsOrderKeys _keys;
    private long _sequence;
    private AgingQueue? _aging;
    private bool[] _agedDispatch = [];
    private IndexCrossingMemo? _crossings;
    private long _now;

    /// <summary>Creates the policy over <paramref name="publisher"/>.</summary>
    public AlpsPolicy(PolicyPublisher publisher, AlpsPolicyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        options ??= new AlpsPolicyOptions();
        options.Validate();
        _publisher = publisher;
        _options = options;
        _keys = new AlpsOrderKeys(options.UnknownFunctionRank);
    }

    /// <inheritdoc/>
    public string Name => _options.Name;

    /// <inheritdoc/>
    public int Count => Queue.Count;

    private IndexedMinHeap Queue => _queue ?? throw new InvalidOperationException("AlpsPolicy used before Initialize");

    /// <inheritdoc/>
    public void Initialize(int taskCapacity)
    {
        _queue = new IndexedMinHeap(taskCapacity);
        _crossings = ByIndex ? new IndexCrossingMemo(taskCapacity) : null;
        if (_options.StarvationLimitNs > 0)
        {
            _aging = new AgingQueue(taskCapacity, _queue);
            _agedDispatch = new bool[taskCapacity];
        }
    }

    /// <inheritdoc/>
    public void BeginRound(long nowNs) => _now = nowNs;

    /// <inheritdoc/>
    public void Enqueue(ref AgentTask task, EnqueueReason reason, long nowNs)
    {
        if (reason != EnqueueReason.Retry)
        {
            PolicySnapshot snapshot = _publisher.Current;
            task.Rank = snapshot.TryGet(task.FunctionId, out FunctionPolicy fp) ? fp.Rank : _keys.UnknownRank(snapshot);
            // Round robin within a rank (alps-io): every key's minor is 0, so equal-rank tasks queue in
            // arrival order and a waiting one displaces the running one once its protection ends.
            task.Key = ByIndex
                ? new QueueKey(IndexNs(snapshot, task.FunctionId, task.RuntimeNs), 0, ++_sequence)
                : new QueueKey(task.Rank, _options.RoundRobinWithinRank ? 0 : task.RuntimeNs, ++_sequence);
            _aging?.Add(task.Slot, task.Key.Sequence, nowNs);
        }
        _now = Math.Max(_now, nowNs);
        Queue.Insert(task.Slot, task.Key);
    }

    /// <inheritdoc/>
    public void Remove(ref AgentTask task) => Queue.Remove(task.Slot);

    /// <inheritdoc/>
    /// <remarks>A task past the starvation bound comes first, oldest first; otherwise the best (rank, CPU time).</remarks>
    public bool TryPeek(out int slot) => TryAged(out slot) || Queue.TryPeek(out slot);

    /// <inheritdoc/>
    public bool TryDequeue(out int slot)
    {
        if (TryAged(out slot))
        {
            Queue.Remove(slot);
            _agedDispatch[slot] = true;
            return true;
        }
        if (Queue.TryPop(out slot))
        {
            if (_aging is not null)
            {
                _agedDispatch[slot] = false;
            }
            return true;
        }
        return false;
    }

    /// <inheritdoc/>
    public void OnDispatch(ref AgentTask task, long nowNs)
    {
        task.SliceNs = ByIndex && !_options.SlicesInIndexOrder ? 0
            : _publisher.Current.TryGet(task.FunctionId, out FunctionPolicy fp) ? fp.SliceNs : _options.UnknownFunctionSliceNs;
        if (_aging is not null && _agedDispatch[task.Slot])
        {
            // An aged task must make progress before a better rank can take the CPU back.
            task.SliceNs = Math.Max(task.SliceNs, _options.AgedQuantumNs);
        }
    }

    private bool TryAged(out int slot)
    {
        if (_aging is not null && _aging.TryOldest(out slot, out long since) && _now - since >= _options.StarvationLimitNs)
        {
            return true;
        }
        slot = -1;
        return false;
    }

    // When the oldest waiting task will cross the starvation bound (so the agent wakes up for it).
    private long NextAgingNs() =>
        _aging is not null && _aging.TryOldest(out _, out long since) ? Nanoseconds.SaturatingAdd(since, _options.StarvationLimitNs) : long.MaxValue;

    /// <inheritdoc/>
    public bool ShouldPreempt(in AgentTask running, in AgentTask candidate, long nowNs, out long recheckAtNs)
    {
        _now = Math.Max(_now, nowNs);
        long protectedUntil = Nanoseconds.SaturatingAdd(running.DispatchNs, Math.Max(running.SliceNs, _options.MinimumRunNs));
        if (nowNs < protectedUntil)
        {
            recheckAtNs = protectedUntil;
            return false;
        }
        if (TryAged(out int aged) && aged == candidate.Slot)
        {
            // An aged candidate displaces any running task that is past its protection.
            recheckAtNs = nowNs;
            return true;
        }
        if (ByIndex)
        {
            return ShouldPreemptByIndex(running, candidate, nowNs, out recheckAtNs);
        }
        if (candidate.Rank < running.Rank && Guarded(running, nowNs, out recheckAtNs))
        {
            return false;
        }
        if (candidate.Rank != running.Rank)
        {
            recheckAtNs = candidate.Rank < running.Rank ? long.MaxValue : NextAgingNs();
            return candidate.Rank < running.Rank;
        }
        long runningCpu = EstimatedRuntime(running, nowNs);
        if (candidate.Key.Minor < runningCpu)
        {
            recheckAtNs = nowNs;
            return true;
        }
        // Equal rank: the running task becomes preemptible once its CPU time passes the candidate's.
        recheckAtNs = Nanoseconds.SaturatingAdd(nowNs, candidate.Key.Minor - runningCpu + 1);
        return false;
    }

    // After protection and aging: the candidate wins with a strictly lower index. Otherwise come back when the
    // running task's index will pass the candidate's (its curve rises there), or when a queued task ages.
    // The crossing is remembered per slot: every round asks it again of every running task (56 per round at 56
    // CPUs), and while the running task's CPU time stays below it the answer cannot change.
    private bool ShouldPreemptByIndex(in AgentTask running, in AgentTask candidate, long nowNs, out long recheckAtNs)
    {
        PolicySnapshot snapshot = _publisher.Current;
        long runningCpu = EstimatedRuntime(running, nowNs);
        long threshold = candidate.Key.Major;
        if (!_crossings!.TryGet(running.Slot, snapshot, running.FunctionId, threshold, runningCpu, out long passesAt))
        {
            if (threshold < IndexNs(snapshot, running.FunctionId, runningCpu))
            {
                if (Guarded(running, nowNs, out recheckAtNs))
                {
                    return false;
                }
                recheckAtNs = nowNs;
                return true;
            }
            passesAt = snapshot.TryGetCurve(running.FunctionId, out ServiceCurve curve)
                ? curve.AttainedWhenAbove(runningCpu, threshold)
                : Math.Max(runningCpu, Nanoseconds.SaturatingAdd(threshold - _keys.UnknownIndexBase(snapshot), 1));
            _crossings.Set(running.Slot, snapshot, running.FunctionId, threshold, runningCpu, passesAt);
        }
        recheckAtNs = Math.Min(Nanoseconds.SaturatingAdd(nowNs, passesAt - runningCpu), NextAgingNs());
        return false;
    }

    private bool ByIndex => _options.Order == AlpsOrder.Gittins;

    // alps-io's preemption guard: a better candidate (an I/O wake-up, typically) waits until the running task
    // has had PreemptGuardNs since its dispatch; true (and when to look again) while it has not.
    private bool Guarded(in AgentTask running, long nowNs, out long guardedUntil)
    {
        guardedUntil = Nanoseconds.SaturatingAdd(running.DispatchNs, _options.PreemptGuardNs);
        return nowNs < guardedUntil;
    }

    // The Gittins index of a task of function f that has used cpuNs.
    private long IndexNs(PolicySnapshot snapshot, int functionId, long cpuNs) => _keys.IndexNs(snapshot, functionId, cpuNs);

    /// <inheritdoc/>
    /// <remarks>The running task with the worst (rank, CPU time) goes first; by index: the highest index now.</remarks>
    public bool PreferVictim(in AgentTask a, in AgentTask b, long nowNs)
    {
        if (ByIndex)
        {
            PolicySnapshot snapshot = _publisher.Current;
            return IndexNs(snapshot, a.FunctionId, EstimatedRuntime(a, nowNs)) > IndexNs(snapshot, b.FunctionId, EstimatedRuntime(b, nowNs));
        }
        if (a.Rank != b.Rank)
        {
            return a.Rank > b.Rank;
        }
        return EstimatedRuntime(a, nowNs) > EstimatedRuntime(b, nowNs);
    }

    private static long EstimatedRuntime(in AgentTask running, long nowNs) =>
        running.RuntimeAtDispatchNs + Math.Max(0, nowNs - running.DispatchNs);
}
