using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Agent.Core;

/// <summary>
/// The centralized (global) ghOSt agent: one thread that reads every message of the enclave, keeps
/// the task table, asks an <see cref="ISchedulingPolicy"/> what to run, and commits transactions to
/// the enclave's CPUs. It talks only to <see cref="IGhostEnclave"/>, so it runs unchanged on a real
/// and on a simulated kernel.
/// </summary>
/// <remarks>
/// <para>One <see cref="RunOnce"/> = drain the queue (one handler per message type), then
/// <c>GlobalSchedule</c>: free CPUs take the best committable tasks, busy CPUs are preempted when the
/// policy says so, one COMMIT_TXN covers every chosen CPU, and each outcome is applied.</para>
/// <para>Invariants: a task is in the run queue iff its state is <see cref="TaskState.Queued"/> (outside
/// a round); a CPU is owned by at most one <see cref="TaskState.Latched"/>/<see cref="TaskState.OnCpu"/>
/// task; a failed transaction puts its task back with its key, so no task is ever lost; a task is
/// committed only when its status word is off-CPU and its barrier equals the last seqnum we read, so
/// the kernel never sees a decision made on stale information (it would answer TARGET_STALE).</para>
/// <para>Not thread-safe: every member, <see cref="SnapshotRunningTasks"/> included, must be called on
/// the agent thread. <see cref="Stats"/> may be read from anywhere.</para>
/// </remarks>
public sealed class CentralizedAgent
{
    private const int NoTask = -1;

    private readonly IGhostEnclave _enclave;
    private readonly ISchedulingPolicy _policy;
    private readonly AgentOptions _options;
    private readonly IFunctionResolver _resolver;
    private readonly ObservationQueue? _observations;
    private readonly Action<string>? _log;
    private readonly TaskTable _tasks;
    private readonly StatusWordRegion _words;
    private readonly AgentMode _mode;
    private readonly int _agentCpu;
    private readonly int[] _cpus;          // CPUs we may commit to
    private readonly int[] _runningOn;     // per possible CPU: slot owning it, or NoTask
    private readonly bool[] _assigned;     // per possible CPU: chosen this round
    private readonly int[] _chosenCpus;    // this round's transactions
    private readonly int[] _chosenSlots;
    private readonly int[] _chosenVictims;
    private readonly int[] _deferred;      // picks set aside for one round
    private int _deferredCount;
    private uint _ownAgentBarrier;
    private uint _seenOverflow;
    private long _nextLogNs;
    private long _suppressedLogs;

    /// <summary>Creates an agent over <paramref name="enclave"/>.</summary>
    /// <param name="enclave">The enclave (real or simulated).</param>
    /// <param name="policy">What to run; <see cref="ISchedulingPolicy.Initialize"/> is called here.</param>
    /// <param name="options">Sizing.</param>
    /// <param name="resolver">Maps a new task to its function, once.</param>
    /// <param name="observations">Where finished (and snapshot) invocation records go; null = none.</param>
    /// <param name="log">Rare-event log sink (rate-limited); null = silent.</param>
    public CentralizedAgent(IGhostEnclave enclave, ISchedulingPolicy policy, AgentOptions options, IFunctionResolver resolver,
        ObservationQueue? observations = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(enclave);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        options.Validate();
        _enclave = enclave;
        _policy = policy;
        _options = options;
        _resolver = resolver;
        _observations = observations;
        _log = log;
        _words = enclave.StatusWords;
        _mode = enclave.AgentMode;
        _agentCpu = enclave.AgentCpu;

        ReadOnlySpan<int> cpus = enclave.Cpus;
        int possible = enclave.PossibleCpus;
        var schedulable = new List<int>(cpus.Length);
        foreach (int cpu in cpus)
        {
            if ((uint)cpu >= (uint)possible)
            {
                throw new ArgumentException($"enclave CPU {cpu} is outside 0..PossibleCpus-1 ({possible - 1})", nameof(enclave));
            }
            // A spinning global agent owns its CPU; a sleeping one leaves it to enclave tasks.
            if (_mode == AgentMode.Spinning && cpu == _agentCpu)
            {
                continue;
            }
            schedulable.Add(cpu);
        }
        _cpus = schedulable.ToArray();
        _runningOn = new int[possible];
        Array.Fill(_runningOn, NoTask);
        _assigned = new bool[possible];
        _chosenCpus = new int[_cpus.Length];
        _chosenSlots = new int[_cpus.Length];
        _chosenVictims = new int[_cpus.Length];
        _tasks = new TaskTable(options.TaskCapacity);
        _deferred = new int[options.TaskCapacity];
        policy.Initialize(options.TaskCapacity);
        _seenOverflow = enclave.Queue.Overflow;
        Stats = new AgentStats(_mode, policy.Name);
    }

    /// <summary>Counters and gauges.</summary>
    public AgentStats Stats { get; }

    /// <summary>Tasks tracked.</summary>
    public int TaskCount => _tasks.Count;

    /// <summary>
    /// Whether a higher-class (CFS/RT) task wants the agent's CPU: <c>BOOST_PRIO</c> on the agent's status
    /// word. A spinning global agent should then hand its CPU over (ghOSt moves the global agent to
    /// another CPU); the executable's loop decides how.
    /// </summary>
    public bool AgentCpuContended =>
        (_words.ReadFlags(_enclave.AgentStatusWord(_agentCpu).Index) & StatusWordFlags.BoostPriority) != 0;

    /// <summary>
    /// One agent round: drain messages, schedule, commit.
    /// </summary>
    /// <returns>Absolute agent-clock ns by which the agent must run again even if no message arrives
    /// (a running task's slice expires while a task waits), or <see cref="long.MaxValue"/>.</returns>
    public long RunOnce()
    {
        Stats.Rounds++;
        if (_mode == AgentMode.QueueWakeup && _cpus.Length > 0)
        {
            // Read before draining: a local commit with this barrier fails (AGENT_STALE) if a message
            // arrived after we looked, so the agent never sleeps with unread work.
            _ownAgentBarrier = _words.ReadBarrier(_enclave.AgentStatusWord(_agentCpu).Index);
        }
        long now = _enclave.NowNanoseconds;
        Drain(now);
        uint overflow = _enclave.Queue.Overflow;
        if (overflow != _seenOverflow)
        {
            // The kernel dropped messages (ring full): whatever they said is only in the status words now.
            Stats.OverflowResyncs++;
            if (LogAllowed(now))
            {
                Emit($"kernel queue overflowed ({overflow - _seenOverflow} messages dropped); resynchronising {_tasks.Count} tasks from their status words");
            }
            _seenOverflow = overflow;
            ResyncAll(now);
        }
        long next = GlobalSchedule(_enclave.NowNanoseconds);
        RefreshGauges();
        return next;
    }

    /// <summary>
    /// Writes a progress record (<see cref="InvocationRecord.Completed"/> false) of every live task to the
    /// observation queue, with the CPU time used so far; called when the learner's window closes.
    /// </summary>
    public void SnapshotRunningTasks(long nowNs)
    {
        if (_observations is null)
        {
            return;
        }
        for (int slot = 0; slot < _tasks.HighWater; slot++)
        {
            ref AgentTask t = ref _tasks[slot];
            if (t.State == TaskState.Free)
            {
                continue;
            }
            InvocationRecord record = MakeRecord(ref t, nowNs, completed: false, departed: false, CurrentRuntime(ref t, nowNs));
            if (t.State == TaskState.Blocked)
            {
                record.BlockedNs += Math.Max(0, nowNs - t.BlockedSinceNs);
            }
            else if (t.State == TaskState.Queued)
            {
                record.WaitNs += Math.Max(0, nowNs - t.RunnableSinceNs);
            }
            _observations.TryWrite(in record);
        }
    }

    // ---------------------------------------------------------------- messages

    private void Drain(long now)
    {
        GhostQueue queue = _enclave.Queue;
        for (int handled = 0; handled < _options.MaxMessagesPerRound; handled++)
        {
            QueueReadStatus status = queue.TryPeek(out GhostMessage message);
            if (status == QueueReadStatus.Empty)
            {
                return;
            }
            if (status == QueueReadStatus.Corrupt)
            {
                RecoverCorruptQueue(queue, now);
                return;
            }
            Dispatch(in message, now);
            queue.Consume(in message);
        }
    }

    private void Dispatch(in GhostMessage m, long now)
    {
        GhostMessageType type = m.Type;
        Stats.CountMessage(type);
        switch (type)
        {
            case GhostMessageType.Nop:
                return;
            case GhostMessageType.TaskNew:
                OnTaskNew(m.ReadPayload<TaskNewPayload>(), m.Seqnum, now);
                return;
        }
        if (GhostMessageTypes.IsCpuMessage(type))
        {
            // CPU_TICK, timers, availability: nothing to record; every round re-checks slices and
            // CPU_AVAIL anyway, and the message already woke us.
            return;
        }
        if (!GhostMessageTypes.IsTaskMessage(type))
        {
            Stats.UnknownMessageTypes++;
            if (LogAllowed(now))
            {
                Emit($"skipping message of unknown type {(ushort)type}, length {m.Length}");
            }
            return;
        }
        if (!_tasks.TryFind(m.Gtid, out int slot))
        {
            Stats.UnknownTaskMessages++;
            return;
        }
        ref AgentTask t = ref _tasks[slot];
        uint seq = m.Seqnum;
        if ((int)(seq - t.Seqnum) <= 0)
        {
            // Not newer than what we already consumed (seqnums strictly increase per task), e.g. a
            // message already accounted for by a status-word resync: stale, skip it.
            Stats.StaleMessages++;
            if (LogAllowed(now))
            {
                Emit($"stale message for gtid {t.Gtid}: seqnum {seq} after {t.Seqnum} ({type}); ignored");
            }
            return;
        }
        if (seq != unchecked(t.Seqnum + 1))
        {
            Stats.SeqnumGaps++;
            if (LogAllowed(now))
            {
                Emit($"seqnum gap for gtid {t.Gtid}: expected {unchecked(t.Seqnum + 1)}, got {seq} ({type}); resynchronising from its status word");
            }
            t.Seqnum = seq;
            Resync(ref t, now);
        }
        else
        {
            t.Seqnum = seq;
        }
        switch (type)
        {
            case GhostMessageType.TaskWakeup:
                OnWakeup(ref t, now);
                break;
            case GhostMessageType.TaskBlocked:
                OnOffCpu(ref t, (long)m.ReadPayload<TaskBlockedPayload>().Runtime, ranOnCpu: true, now);
                break;
            case GhostMessageType.TaskSwitchto:
                // The task handed its CPU to another via switchto: for us it is blocked.
                OnOffCpu(ref t, (long)m.ReadPayload<TaskSwitchtoPayload>().Runtime, ranOnCpu: true, now);
                break;
            case GhostMessageType.TaskPreempt:
                TaskPreemptPayload p = m.ReadPayload<TaskPreemptPayload>();
                OnDescheduled(ref t, (long)p.Runtime, p.WasLatched == 0, yielded: false, now);
                break;
            case GhostMessageType.TaskYield:
                OnDescheduled(ref t, (long)m.ReadPayload<TaskYieldPayload>().Runtime, ranOnCpu: true, yielded: true, now);
                break;
            case GhostMessageType.TaskDead:
                Finish(ref t, departed: false, now);
                break;
            case GhostMessageType.TaskDeparted:
                Finish(ref t, departed: true, now);
                break;
            case GhostMessageType.TaskOnCpu:
                if (t.State == TaskState.Latched)
                {
                    t.State = TaskState.OnCpu;
                }
                break;
            default:
                // AFFINITY_CHANGED, PRIORITY_CHANGED, LATCH_FAILURE (BPF only): only the seqnum matters.
                break;
        }
    }

    private void OnTaskNew(in TaskNewPayload p, uint seq, long now)
    {
        if (_tasks.TryFind(p.Gtid, out int known))
        {
            // A repeated TASK_NEW (e.g. "discover tasks"): adopt its seqnum and re-derive the state.
            ref AgentTask k = ref _tasks[known];
            k.Seqnum = seq;
            Resync(ref k, now);
            return;
        }
        if (!_words.Contains(p.SwInfo))
        {
            Stats.BadStatusWords++;
            if (LogAllowed(now))
            {
                Emit($"TASK_NEW gtid {p.Gtid}: status word {p.SwInfo.Id}/{p.SwInfo.Index} is outside region {_words.Id} (capacity {_words.Capacity}); task ignored");
            }
            return;
        }
        if (!_tasks.TryAdd(p.Gtid, out int slot))
        {
            Stats.TaskTableFull++;
            if (LogAllowed(now))
            {
                Emit($"task table full ({_tasks.Capacity} tasks, AgentOptions.TaskCapacity): TASK_NEW gtid {p.Gtid} ignored");
            }
            return;
        }
        ref AgentTask t = ref _tasks[slot];
        t.StatusWord = p.SwInfo;
        t.Seqnum = seq;
        t.ArrivalNs = now;
        t.RuntimeNs = (long)p.Runtime;
        t.FunctionId = _enclave.TryDescribeTask(p.Gtid, out TaskDescription description) ? _resolver.Resolve(in description) : -1;
        if (p.Runnable != 0)
        {
            MakeQueued(ref t, EnqueueReason.New, now);
        }
        else
        {
            t.State = TaskState.Blocked;
            t.BlockedSinceNs = now;
        }
    }

    private void OnWakeup(ref AgentTask t, long now)
    {
        if (t.State != TaskState.Blocked)
        {
            return;
        }
        t.BlockedNs += Math.Max(0, now - t.BlockedSinceNs);
        MakeQueued(ref t, EnqueueReason.Wakeup, now);
    }

    /// <summary>BLOCKED / SWITCHTO: the task left its CPU and is not runnable.</summary>
    private void OnOffCpu(ref AgentTask t, long runtime, bool ranOnCpu, long now)
    {
        t.RuntimeNs = Math.Max(t.RuntimeNs, runtime);
        switch (t.State)
        {
            case TaskState.Blocked:
                return;
            case TaskState.Queued:
                _policy.Remove(ref t);
                break;
            default:
                EndDispatch(ref t, ranOnCpu);
                break;
        }
        t.State = TaskState.Blocked;
        t.BlockedSinceNs = now;
    }

    /// <summary>PREEMPT / YIELD: the task left its CPU and is still runnable.</summary>
    private void OnDescheduled(ref AgentTask t, long runtime, bool ranOnCpu, bool yielded, long now)
    {
        t.RuntimeNs = Math.Max(t.RuntimeNs, runtime);
        if (t.State is TaskState.Blocked or TaskState.Queued)
        {
            return;
        }
        EnqueueReason reason = yielded ? EnqueueReason.Yield
            : t.State == TaskState.Displaced ? EnqueueReason.Displaced
            : EnqueueReason.Preempted;
        EndDispatch(ref t, ranOnCpu);
        MakeQueued(ref t, reason, now);
    }

    private void Finish(ref AgentTask t, bool departed, long now)
    {
        long runtime = CurrentRuntime(ref t, now);
        switch (t.State)
        {
            case TaskState.Queued:
                _policy.Remove(ref t);
                t.WaitNs += Math.Max(0, now - t.RunnableSinceNs);
                break;
            case TaskState.Blocked:
                t.BlockedNs += Math.Max(0, now - t.BlockedSinceNs);
                break;
            default:
                EndDispatch(ref t, ranOnCpu: true);
                break;
        }
        if (_observations is not null)
        {
            InvocationRecord record = MakeRecord(ref t, now, completed: true, departed, runtime);
            _observations.TryWrite(in record);
        }
        if (!_enclave.FreeStatusWord(t.StatusWord))
        {
            Stats.StatusWordFreeFailures++;
            if (LogAllowed(now))
            {
                Emit($"could not free status word {t.StatusWord.Id}/{t.StatusWord.Index} of gtid {t.Gtid}");
            }
        }
        Stats.TasksCompleted++;
        _tasks.Release(t.Slot);
    }

    private void MakeQueued(ref AgentTask t, EnqueueReason reason, long now)
    {
        t.State = TaskState.Queued;
        t.Cpu = NoTask;
        t.RunnableSinceNs = now;
        _policy.Enqueue(ref t, reason, now);
    }

    /// <summary>Ends the task's hold on a CPU (if it had one) and counts the burst.</summary>
    private void EndDispatch(ref AgentTask t, bool ranOnCpu)
    {
        if (t.Cpu >= 0 && _runningOn[t.Cpu] == t.Slot)
        {
            _runningOn[t.Cpu] = NoTask;
        }
        if (ranOnCpu && t.State is TaskState.Latched or TaskState.OnCpu or TaskState.Displaced)
        {
            t.Bursts++;
        }
        t.Cpu = NoTask;
    }

    // ---------------------------------------------------------------- recovery

    /// <summary>Re-derives where a task is from its status word after messages were lost.</summary>
    /// <remarks>
    /// RUNNABLE clear: blocked. ONCPU set: keep a CPU we gave it; otherwise it runs where we did not
    /// put it, so treat it as runnable (commits skip ONCPU tasks until its off-CPU message arrives).
    /// Runnable and off CPU: queued, except a task we latched that has not switched in since the
    /// commit (switch_time before the commit), which is still latched.
    /// </remarks>
    private void Resync(ref AgentTask t, long now)
    {
        ref readonly GhostStatusWord word = ref _words[t.StatusWord.Index];
        StatusWordFlags flags = _words.ReadFlags(t.StatusWord.Index);
        bool onCpu = (flags & StatusWordFlags.TaskOnCpu) != 0;
        bool runnable = (flags & StatusWordFlags.TaskRunnable) != 0;
        t.RuntimeNs = Math.Max(t.RuntimeNs, (long)word.Runtime);
        if (!runnable && !onCpu)
        {
            OnOffCpu(ref t, t.RuntimeNs, ranOnCpu: true, now);
            return;
        }
        switch (t.State)
        {
            case TaskState.Blocked:
                t.BlockedNs += Math.Max(0, now - t.BlockedSinceNs);
                MakeQueued(ref t, EnqueueReason.Wakeup, now);
                break;
            case TaskState.Latched or TaskState.OnCpu:
                if (onCpu)
                {
                    t.State = TaskState.OnCpu;
                }
                else if (word.SwitchTime >= t.DispatchNs)
                {
                    // It ran after our commit and is off CPU again: its PREEMPT was lost.
                    EndDispatch(ref t, ranOnCpu: true);
                    MakeQueued(ref t, EnqueueReason.Preempted, now);
                }
                break;
            case TaskState.Displaced:
                if (!onCpu)
                {
                    EndDispatch(ref t, ranOnCpu: true);
                    MakeQueued(ref t, EnqueueReason.Displaced, now);
                }
                break;
        }
    }

    private void RecoverCorruptQueue(GhostQueue queue, long now)
    {
        uint skipped = queue.SkipToHead();
        Stats.CorruptQueueResyncs++;
        Stats.SkippedSlots += skipped;
        if (LogAllowed(now))
        {
            Emit($"message queue corrupt: skipped {skipped} slots to head; resynchronising {_tasks.Count} tasks from their status words");
        }
        ResyncAll(now);
    }

    /// <summary>
    /// After messages were lost (corrupt ring, overflow): every task's seqnum becomes its barrier and its
    /// state is re-derived from its status word; dead ones are finished, unknown live ones adopted.
    /// </summary>
    private void ResyncAll(long now)
    {
        for (int slot = 0; slot < _tasks.HighWater; slot++)
        {
            ref AgentTask t = ref _tasks[slot];
            if (t.State == TaskState.Free)
            {
                continue;
            }
            t.Seqnum = _words.ReadBarrier(t.StatusWord.Index);
            if ((_words.ReadFlags(t.StatusWord.Index) & StatusWordFlags.CanFree) != 0)
            {
                // Its TASK_DEAD / TASK_DEPARTED was among the lost messages.
                Finish(ref t, departed: false, now);
                continue;
            }
            Resync(ref t, now);
        }
        DiscoverLostTasks(now);
    }

    /// <summary>Adopts in-use task status words we do not track (their TASK_NEW was lost).</summary>
    private void DiscoverLostTasks(long now)
    {
        for (uint index = 0; index < _words.Capacity; index++)
        {
            StatusWordFlags flags = _words.ReadFlags(index);
            if ((flags & StatusWordFlags.InUse) == 0 || (flags & (StatusWordFlags.TaskIsAgent | StatusWordFlags.CanFree)) != 0)
            {
                continue;
            }
            ref readonly GhostStatusWord word = ref _words[index];
            if (word.Gtid <= 0 || _tasks.TryFind(word.Gtid, out _))
            {
                continue;
            }
            var payload = new TaskNewPayload
            {
                Gtid = word.Gtid,
                Runtime = word.Runtime,
                Runnable = (ushort)((flags & (StatusWordFlags.TaskRunnable | StatusWordFlags.TaskOnCpu)) != 0 ? 1 : 0),
                SwInfo = new GhostSwInfo(_words.Id, index),
            };
            OnTaskNew(in payload, _words.ReadBarrier(index), now);
            Stats.TasksDiscovered++;
        }
    }

    // ---------------------------------------------------------------- scheduling

    private long GlobalSchedule(long now)
    {
        int chosen = 0;
        // Free CPUs take the best committable tasks.
        foreach (int cpu in _cpus)
        {
            if (_runningOn[cpu] != NoTask || !CpuAvailable(cpu))
            {
                continue;
            }
            if (!PeekCommittable(now, out int slot))
            {
                break;
            }
            _policy.TryDequeue(out _);
            Choose(ref chosen, cpu, slot, NoTask);
        }
        // Busy CPUs: preempt the policy's preferred victim while the best waiting task deserves a CPU.
        while (PeekCommittable(now, out int candidate))
        {
            int victimCpu = -1;
            foreach (int cpu in _cpus)
            {
                int running = _runningOn[cpu];
                if (running == NoTask || _assigned[cpu] || !CpuAvailable(cpu)
                    || !_policy.ShouldPreempt(in _tasks[running], in _tasks[candidate], now, out _))
                {
                    continue;
                }
                if (victimCpu < 0 || _policy.PreferVictim(in _tasks[running], in _tasks[_runningOn[victimCpu]], now))
                {
                    victimCpu = cpu;
                }
            }
            if (victimCpu < 0)
            {
                break;
            }
            _policy.TryDequeue(out _);
            Choose(ref chosen, victimCpu, candidate, _runningOn[victimCpu]);
        }
        if (chosen > 0)
        {
            Commit(chosen, now);
        }
        for (int i = 0; i < _deferredCount; i++)
        {
            _policy.Enqueue(ref _tasks[_deferred[i]], EnqueueReason.Retry, now);
        }
        _deferredCount = 0;
        return NextDeadline(now);
    }

    /// <summary>
    /// Peeks the best task that may be committed now; tasks still on a CPU or with unread messages
    /// (status-word barrier ahead of our seqnum) are set aside for this round, as ghOSt's centralized
    /// FIFO does.
    /// </summary>
    private bool PeekCommittable(long now, out int slot)
    {
        while (_policy.TryPeek(out slot))
        {
            ref AgentTask t = ref _tasks[slot];
            uint index = t.StatusWord.Index;
            if ((_words.ReadFlags(index) & StatusWordFlags.TaskOnCpu) == 0 && _words.ReadBarrier(index) == t.Seqnum)
            {
                return true;
            }
            _policy.TryDequeue(out _);
            _deferred[_deferredCount++] = slot;
            Stats.DeferredPicks++;
        }
        return false;
    }

    private void Choose(ref int chosen, int cpu, int slot, int victim)
    {
        ref AgentTask t = ref _tasks[slot];
        ref GhostTxn txn = ref _enclave.Txn(cpu);
        txn.Version = (int)GhostAbi.TxnVersion;
        txn.Gtid = t.Gtid;
        txn.TaskBarrier = t.Seqnum;
        txn.AgentBarrier = cpu == _agentCpu ? _ownAgentBarrier : 0;
        txn.RunFlags = (ushort)RunFlags.None;
        txn.CommitFlags = (byte)CommitFlags.CommitAtTxnCommit;
        Volatile.Write(ref txn.State, (int)GhostTxnState.Ready);
        _assigned[cpu] = true;
        _chosenCpus[chosen] = cpu;
        _chosenSlots[chosen] = slot;
        _chosenVictims[chosen] = victim;
        chosen++;
    }

    private void Commit(int chosen, long now)
    {
        _enclave.CommitTransactions(_chosenCpus.AsSpan(0, chosen));
        Stats.Decisions += chosen;
        for (int i = 0; i < chosen; i++)
        {
            int cpu = _chosenCpus[i];
            _assigned[cpu] = false;
            ref GhostTxn txn = ref _enclave.Txn(cpu);
            var state = (GhostTxnState)Volatile.Read(ref txn.State);
            Stats.CountOutcome(state);
            ref AgentTask t = ref _tasks[_chosenSlots[i]];
            if (state != GhostTxnState.Complete)
            {
                // Never lose a task: back in the queue at its old place, retried next round.
                _policy.Enqueue(ref t, EnqueueReason.Retry, now);
                continue;
            }
            int victim = _chosenVictims[i];
            if (victim != NoTask && _runningOn[cpu] == victim)
            {
                ref AgentTask v = ref _tasks[victim];
                v.State = TaskState.Displaced;
                v.Cpu = NoTask;
                Stats.Preemptions++;
            }
            long dispatchedAt = txn.CommitTime > 0 ? txn.CommitTime : now;
            t.State = TaskState.Latched;
            t.Cpu = cpu;
            t.DispatchNs = dispatchedAt;
            t.RuntimeAtDispatchNs = t.RuntimeNs;
            t.WaitNs += Math.Max(0, dispatchedAt - t.RunnableSinceNs);
            _policy.OnDispatch(ref t, now);
            _runningOn[cpu] = t.Slot;
            Stats.Dispatches++;
        }
    }

    private long NextDeadline(long now)
    {
        if (!_policy.TryPeek(out int best))
        {
            return long.MaxValue;
        }
        long next = long.MaxValue;
        foreach (int cpu in _cpus)
        {
            int running = _runningOn[cpu];
            if (running == NoTask)
            {
                continue;
            }
            if (!_policy.ShouldPreempt(in _tasks[running], in _tasks[best], now, out long recheck) && recheck > now && recheck < next)
            {
                next = recheck;
            }
        }
        return next;
    }

    private bool CpuAvailable(int cpu) =>
        (_words.ReadFlags(_enclave.AgentStatusWord(cpu).Index) & StatusWordFlags.CpuAvailable) != 0;

    // ---------------------------------------------------------------- helpers

    private long CurrentRuntime(ref AgentTask t, long now)
    {
        ref readonly GhostStatusWord word = ref _words[t.StatusWord.Index];
        long runtime = Math.Max(t.RuntimeNs, (long)word.Runtime);
        if ((_words.ReadFlags(t.StatusWord.Index) & StatusWordFlags.TaskOnCpu) != 0 && now > word.SwitchTime)
        {
            // The kernel refreshes runtime at switch-out: add the current stint.
            runtime = Math.Max(runtime, (long)word.Runtime + (now - word.SwitchTime));
        }
        return runtime;
    }

    private static InvocationRecord MakeRecord(ref AgentTask t, long now, bool completed, bool departed, long runtime) => new()
    {
        FunctionId = t.FunctionId,
        Bursts = t.Bursts,
        Gtid = t.Gtid,
        ArrivalNs = t.ArrivalNs,
        EndNs = now,
        CpuNs = runtime,
        BlockedNs = t.BlockedNs,
        WaitNs = t.WaitNs,
        Completed = completed,
        Departed = departed,
    };

    private void RefreshGauges()
    {
        int running = 0;
        foreach (int cpu in _cpus)
        {
            if (_runningOn[cpu] != NoTask)
            {
                running++;
            }
        }
        Stats.TasksKnown = _tasks.Count;
        Stats.RunQueueDepth = _policy.Count;
        Stats.TasksRunning = running;
        Stats.TasksRunnable = running + _policy.Count;
        Stats.ObservationDrops = _observations?.Dropped ?? 0;
        Stats.QueueOverflow = _enclave.Queue.Overflow;
    }

    /// <summary>Rate limit for rare-event logs; checked before the message is built so a suppressed line costs nothing.</summary>
    private bool LogAllowed(long now)
    {
        if (_log is null)
        {
            return false;
        }
        if (now < _nextLogNs)
        {
            _suppressedLogs++;
            return false;
        }
        _nextLogNs = now + _options.LogIntervalNs;
        return true;
    }

    private void Emit(string message)
    {
        long suppressed = _suppressedLogs;
        _suppressedLogs = 0;
        _log!(suppressed > 0 ? $"{message} ({suppressed} similar messages suppressed)" : message);
    }
}
