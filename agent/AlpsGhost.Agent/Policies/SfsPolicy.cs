using AlpsGhost.Agent.Core;

namespace AlpsGhost.Agent.Policies;

/// <summary>
/// SFS (Fu et al., SC'22) as coded: a FIFO level where each job runs with a credit derived from a global
/// slice T, and a lower level for jobs that used their credit up.
/// </summary>
/// <remarks>
/// <para>T starts at <see cref="SfsPolicyOptions.InitialSliceNs"/>; after every <see cref="SfsPolicyOptions.Period"/>
/// inter-arrival times (measured between TASK_NEW times, agent clock) T = mean inter-arrival time × enclave CPUs,
/// in whole milliseconds. A new job's credit is max(T, <see cref="SfsPolicyOptions.MinimumCreditNs"/>).</para>
/// <para>FIFO level (key major 0): order of becoming runnable; a running FIFO job is never preempted while it has
/// credit. A job that blocks keeps the rest of its credit and re-enters the FIFO level on wakeup (SFS's "slept"
/// jobs). A job whose wait in the FIFO level exceeds BypassFactor × T when it is picked goes to the lower level
/// (SFS's bypass), as does one whose credit is used up (less than one 1 ms polling tick left,
/// <see cref="SfsPolicyOptions.PollIntervalNs"/>).</para>
/// <para>Lower level (key major 1): least CPU time consumed first; it gets only CPUs the FIFO level does not need
/// (a FIFO job preempts it at once), and within it a task runs <see cref="SfsPolicyOptions.FairSliceNs"/> before one
/// with less CPU time takes its CPU. This stands in for SFS's demotion to CFS: real SFS moves the process to
/// SCHED_OTHER; in a ghOSt enclave every task stays with the agent, so the agent schedules the demoted ones fairly.</para>
/// <para>All per-task state is in arrays indexed by slot, allocated in <see cref="Initialize"/>.</para>
/// </remarks>
public sealed class SfsPolicy : ISchedulingPolicy
{
    private readonly SfsPolicyOptions _options;
    private readonly SfsSliceAdapter _slice;
    private IndexedMinHeap? _queue;
    private long[] _gtid = [], _creditNs = [], _fifoSinceNs = [];
    private bool[] _demoted = [], _ranInFifo = [];
    private long _backSequence, _frontSequence;

    /// <summary>Creates the policy for an enclave of <paramref name="cpuCount"/> CPUs.</summary>
    public SfsPolicy(int cpuCount, SfsPolicyOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpuCount);
        options ??= new SfsPolicyOptions();
        options.Validate();
        _options = options;
        _slice = new SfsSliceAdapter(cpuCount, options);
    }

    /// <summary>The current global slice T (ns).</summary>
    public long SliceNs => _slice.SliceNs;

    /// <inheritdoc/>
    public string Name => "sfs";

    /// <inheritdoc/>
    public int Count => Queue.Count;

    private IndexedMinHeap Queue => _queue ?? throw new InvalidOperationException("SfsPolicy used before Initialize");

    /// <summary>Diagnostics (a linear scan, not for the hot path): task <paramref name="gtid"/>'s remaining FIFO-level
    /// credit as of its last enqueue (ns) and whether it is in the lower level; false if it was never runnable.</summary>
    public bool TryGetState(long gtid, out long creditNs, out bool demoted)
    {
        int s = Array.IndexOf(_gtid, gtid);
        creditNs = s >= 0 ? _creditNs[s] : 0;
        demoted = s >= 0 && _demoted[s];
        return s >= 0;
    }

    /// <inheritdoc/>
    public void Initialize(int taskCapacity)
    {
        _queue = new IndexedMinHeap(taskCapacity);
        _gtid = new long[taskCapacity];
        _creditNs = new long[taskCapacity];
        _fifoSinceNs = new long[taskCapacity];
        _demoted = new bool[taskCapacity];
        _ranInFifo = new bool[taskCapacity];
    }

    /// <inheritdoc/>
    public void Enqueue(ref AgentTask task, EnqueueReason reason, long nowNs)
    {
        int s = task.Slot;
        if (reason != EnqueueReason.Retry)
        {
            if (_gtid[s] != task.Gtid)
            {
                Arrive(ref task); // first time runnable (slots are reused, gtids are not)
            }
            else if (_ranInFifo[s])
            {
                _creditNs[s] -= Math.Max(0, task.RuntimeNs - task.RuntimeAtDispatchNs);
                // Displaced: we took its CPU only because its credit had run out (wall-clock estimate).
                _demoted[s] |= _creditNs[s] < _options.PollIntervalNs || reason == EnqueueReason.Displaced;
            }
            _ranInFifo[s] = false;
            _fifoSinceNs[s] = nowNs;
            long sequence = reason == EnqueueReason.Preempted ? --_frontSequence : ++_backSequence;
            task.Rank = _demoted[s] ? 1 : 0;
            task.Key = _demoted[s] ? new QueueKey(1, task.RuntimeNs, sequence) : new QueueKey(0, 0, sequence);
        }
        Queue.Insert(s, task.Key);
    }

    /// <inheritdoc/>
    public void Remove(ref AgentTask task) => Queue.Remove(task.Slot);

    /// <inheritdoc/>
    public bool TryPeek(out int slot) => Queue.TryPeek(out slot);

    /// <inheritdoc/>
    public bool TryDequeue(out int slot) => Queue.TryPop(out slot);

    /// <inheritdoc/>
    public void OnDispatch(ref AgentTask task, long nowNs)
    {
        int s = task.Slot;
        if (!_demoted[s] && Bypasses(s, nowNs))
        {
            _demoted[s] = true;
            task.Rank = 1;
        }
        _ranInFifo[s] = !_demoted[s];
        task.SliceNs = _demoted[s] ? _options.FairSliceNs : _creditNs[s];
    }

    /// <inheritdoc/>
    public bool ShouldPreempt(in AgentTask running, in AgentTask candidate, long nowNs, out long recheckAtNs)
    {
        int r = running.Slot;
        if (_ranInFifo[r])
        {
            long creditEnd = Nanoseconds.SaturatingAdd(running.DispatchNs, _creditNs[r]);
            if (nowNs < creditEnd)
            {
                recheckAtNs = creditEnd; // a FIFO job keeps its CPU while it has credit
                return false;
            }
        }
        if (!_demoted[candidate.Slot] && !Bypasses(candidate.Slot, nowNs))
        {
            recheckAtNs = nowNs;
            return true; // the FIFO level takes any CPU held by the lower level
        }
        long fairEnd = Nanoseconds.SaturatingAdd(running.DispatchNs, _options.FairSliceNs);
        if (nowNs < fairEnd)
        {
            recheckAtNs = fairEnd;
            return false;
        }
        // Fair level: the task with less CPU time (a queued task's RuntimeNs does not move) wins.
        long runningCpu = CpuTime(running, nowNs);
        recheckAtNs = candidate.RuntimeNs < runningCpu ? nowNs : Nanoseconds.SaturatingAdd(nowNs, candidate.RuntimeNs - runningCpu + 1);
        return candidate.RuntimeNs < runningCpu;
    }

    /// <inheritdoc/>
    /// <remarks>The lower-level task with the most CPU time goes first.</remarks>
    public bool PreferVictim(in AgentTask a, in AgentTask b, long nowNs) => CpuTime(a, nowNs) > CpuTime(b, nowNs);

    private static long CpuTime(in AgentTask running, long nowNs) =>
        running.RuntimeAtDispatchNs + Math.Max(0, nowNs - running.DispatchNs);

    private bool Bypasses(int slot, long nowNs) => nowNs - _fifoSinceNs[slot] > _options.BypassFactor * SliceNs;

    private void Arrive(ref AgentTask task)
    {
        int s = task.Slot;
        _gtid[s] = task.Gtid;
        _demoted[s] = false;
        _creditNs[s] = _slice.Arrive(task.ArrivalNs);
    }
}
