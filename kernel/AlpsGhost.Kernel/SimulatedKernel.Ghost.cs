using System.Runtime.InteropServices;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Kernel;

// The ghOSt class: messages, status words, transactions, the watchdog (docs/ghost-abi.md §5-6).
public sealed unsafe partial class SimulatedKernel
{
    private readonly GhostRunnableSet _ghostRunnable = new();

    private static long AgentGtid(int cpu) => ((long)(100 + cpu) << GhostAbi.GtidSeqnumBits) | 1;

    private bool TryAllocateStatusWord(SimTask t)
    {
        if (!_slots.TryAllocate(t))
        {
            return false; // the kernel refuses SCHED_GHOST without a status word: the task stays in CFS
        }
        uint index = t.SwIndex;
        ref GhostStatusWord w = ref _sw.Writable(index);
        w.Flags = (uint)StatusWordFlags.Allocated;
        w.Gtid = t.Gtid;
        w.Barrier = 0;
        w.Runtime = 0;
        w.SwitchTime = 0;
        SetFlags(ref w, StatusWordFlags.InUse);
        return true;
    }

    private void EnterGhost(SimTask t)
    {
        t.Class = TaskClass.Ghost;
        t.State = TaskState.Runnable;
        t.RunnableSince = _now;
        ref GhostStatusWord w = ref _sw.Writable(t.SwIndex);
        SetFlags(ref w, StatusWordFlags.TaskRunnable);
        AddGhostRunnable(t);
        TaskNewPayload p = new()
        {
            Gtid = t.Gtid,
            Runtime = 0,
            Runnable = 1,
            SwInfo = new GhostSwInfo(SwRegionId, t.SwIndex),
        };
        ProduceTask(t, GhostMessageType.TaskNew, in p);
    }

    private void GhostWake(SimTask t)
    {
        t.State = TaskState.Runnable;
        t.RunnableSince = _now;
        AddGhostRunnable(t);
        ref GhostStatusWord w = ref _sw.Writable(t.SwIndex);
        SetFlags(ref w, StatusWordFlags.TaskRunnable);
        int cpu = Math.Max(t.Cpu, 0);
        TaskWakeupPayload p = new() { Gtid = t.Gtid, Deferrable = 0, LastRanCpu = t.Cpu, WakeUpCpu = cpu, WakerCpu = cpu };
        ProduceTask(t, GhostMessageType.TaskWakeup, in p);
    }

    /// <summary>The running ghost task on <paramref name="c"/> leaves involuntarily: TASK_PREEMPT, then ONCPU cleared.</summary>
    private void PreemptGhost(SimCpu c, bool wasLatched)
    {
        SimTask t = StopRunning(c);
        t.ContextSwitches++;
        t.State = TaskState.Runnable;
        t.RunnableSince = _now;
        AddGhostRunnable(t);
        ref GhostStatusWord w = ref _sw.Writable(t.SwIndex);
        w.Runtime = (ulong)t.CpuNs;
        TaskPreemptPayload p = new()
        {
            Gtid = t.Gtid, Runtime = (ulong)t.CpuNs, CpuSeqnum = ++c.CpuSeqnum, Cpu = c.Id, WasLatched = (byte)(wasLatched ? 1 : 0),
        };
        ProduceTask(t, GhostMessageType.TaskPreempt, in p);
        ClearFlags(ref w, StatusWordFlags.TaskOnCpu);
    }

    /// <summary>A latched (committed, not yet running) task is displaced: TASK_PREEMPT with was_latched = 1.</summary>
    private void DisplaceLatched(SimCpu c)
    {
        SimTask t = c.Latched!;
        c.Latched = null;
        c.LatchReady = false;
        c.LatchGen++;
        t.LatchedCpu = -1;
        TaskPreemptPayload p = new()
        {
            Gtid = t.Gtid, Runtime = (ulong)t.CpuNs, CpuSeqnum = ++c.CpuSeqnum, Cpu = c.Id, WasLatched = 1,
        };
        ProduceTask(t, GhostMessageType.TaskPreempt, in p);
    }

    /// <summary>Internal test hook: the ghost task running on <paramref name="cpu"/> calls sched_yield (TASK_YIELD, stays runnable).</summary>
    internal bool YieldCurrent(int cpu)
    {
        SimCpu c = _cpus[cpu];
        if (c.Current == null || c.Current.Class != TaskClass.Ghost)
        {
            return false;
        }
        SimTask t = StopRunning(c);
        t.ContextSwitches++;
        t.State = TaskState.Runnable;
        t.RunnableSince = _now;
        AddGhostRunnable(t);
        ref GhostStatusWord w = ref _sw.Writable(t.SwIndex);
        w.Runtime = (ulong)t.CpuNs;
        TaskYieldPayload p = new() { Gtid = t.Gtid, Runtime = (ulong)t.CpuNs, CpuSeqnum = ++c.CpuSeqnum, Cpu = c.Id };
        ProduceTask(t, GhostMessageType.TaskYield, in p);
        ClearFlags(ref w, StatusWordFlags.TaskOnCpu);
        PickNext(c);
        return true;
    }

    private void OnLatchEffective(SimCpu c)
    {
        if (c.ForceOffPending)
        {
            c.ForceOffPending = false;
            if (c.Current != null && c.Current.Class == TaskClass.Ghost && !c.AgentRunning)
            {
                PreemptGhost(c, wasLatched: false);
                PickNext(c);
            }
            return;
        }
        if (c.Latched == null)
        {
            return;
        }
        c.LatchReady = true;
        if (c.AgentRunning)
        {
            return; // the agent has priority; it picks the latched task when it leaves the CPU
        }
        if (c.Current == null)
        {
            PickNext(c);
        }
        else if (c.Current.Class == TaskClass.Ghost && c.Current != c.Latched)
        {
            PreemptGhost(c, wasLatched: false);
            PickNext(c);
        }
    }

    // ---- Messages -------------------------------------------------------------------------

    private void ProduceTask<T>(SimTask t, GhostMessageType type, in T payload) where T : unmanaged
    {
        ref GhostStatusWord w = ref _sw.Writable(t.SwIndex);
        uint seq = w.Barrier + 1;
        Volatile.Write(ref w.Barrier, seq);
        // Every task message wakes the default queue's target agent: bump its agent barrier.
        ref GhostStatusWord a = ref _sw.Writable((uint)_agentCpu);
        Volatile.Write(ref a.Barrier, a.Barrier + 1);
        Produce(type, seq, in payload);
    }

    private void ProduceCpu<T>(int cpu, GhostMessageType type, in T payload) where T : unmanaged
    {
        ref GhostStatusWord a = ref _sw.Writable((uint)cpu);
        uint seq = a.Barrier + 1;
        Volatile.Write(ref a.Barrier, seq);
        Produce(type, seq, in payload);
    }

    private void Produce<T>(GhostMessageType type, uint seq, in T payload) where T : unmanaged
    {
        _messagesByType[(ushort)type]++;
        int size = GhostMessageTypes.PayloadSize(type, _options.AbiVersion);
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in payload))[..size];
        if (_producer.TryProduce(type, seq, bytes))
        {
            _messagesProduced++;
            _produced.Produced(RingHead);
            if (_faults.RingCorruptionPending)
            {
                CorruptRingIfDue();
            }
        }
        else
        {
            _overflows++;
        }
        RequestAgentRun(Nanoseconds.SaturatingAdd(_now, MessageDeliveryNs));
    }

    private uint RingHead => Volatile.Read(ref *(uint*)(_queueMem + GhostAbi.QueueHeaderSize));

    private uint RingTail => Volatile.Read(ref *(uint*)(_queueMem + GhostAbi.QueueHeaderSize + 4));

    private static void SetFlags(ref GhostStatusWord w, StatusWordFlags f) => Volatile.Write(ref w.Flags, w.Flags | (uint)f);

    private static void ClearFlags(ref GhostStatusWord w, StatusWordFlags f) => Volatile.Write(ref w.Flags, w.Flags & ~(uint)f);

    private void SetAgentWordFlag(int cpu, StatusWordFlags f, bool on)
    {
        if (_enclave == null || !_cpus[cpu].InEnclave)
        {
            return;
        }
        ref GhostStatusWord w = ref _sw.Writable((uint)cpu);
        if (on)
        {
            SetFlags(ref w, f);
        }
        else
        {
            ClearFlags(ref w, f);
        }
    }

    private void AddGhostRunnable(SimTask t)
    {
        if (_ghostRunnable.Add(t))
        {
            RestartTick();
        }
    }

    private void RemoveGhostRunnable(SimTask t) => _ghostRunnable.Remove(t);

    // ---- Enclave surface --------------------------------------------------------------------

    internal bool FreeStatusWord(GhostSwInfo info)
    {
        if (info.Id != SwRegionId || !_slots.IsTaskWord(info.Index))
        {
            return false;
        }
        ref GhostStatusWord w = ref _sw.Writable(info.Index);
        if ((w.Flags & (uint)StatusWordFlags.CanFree) == 0)
        {
            return false;
        }
        if (_slots.Free(info.Index) is SimTask owner)
        {
            ReleaseIfDone(owner); // a dead task's last name was its word
        }
        w = default;
        return true;
    }

    private SimTask? FindByGtid(long gtid)
    {
        if (gtid <= 0)
        {
            return null;
        }
        SimTask? t = TaskOf(gtid);
        return t != null && t.HasSw && t.Gtid == gtid ? t : null;
    }

    internal bool TryDescribeTask(long gtid, out TaskDescription description)
    {
        SimTask? t = FindByGtid(gtid);
        if (t == null || t.Invocation == null)
        {
            description = default;
            return false;
        }
        Workloads.FunctionSpec f = _functions[t.Invocation.FunctionId];
        t.CgroupPath ??= f.CgroupPath + "/inv-" + t.Invocation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        description = new TaskDescription(t.Tid, f.Comm, t.CgroupPath);
        return true;
    }

    // ---- Transactions -----------------------------------------------------------------------

    internal void CommitTransactions(ReadOnlySpan<int> cpus)
    {
        foreach (int cpu in cpus)
        {
            if ((uint)cpu >= (uint)_cpus.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(cpus), cpu, $"CPU outside 0..{_cpus.Length - 1}");
            }
        }
        ChargeConsumed();
        foreach (int cpu in cpus)
        {
            ref GhostTxn txn = ref _cpuData.Txn(cpu);
            if (Volatile.Read(ref txn.State) != (int)GhostTxnState.Ready)
            {
                continue;
            }
            bool local = AgentSharesCpu && cpu == _agentCpu;
            if (_inAgent)
            {
                _agentCost += local ? _costs.LocalCommitNs : _costs.PerTxnNs;
            }
            GhostTxnState st = _faults.InjectTxnFailure(Validate(cpu, ref txn, out SimTask? task));
            long now = NowNanoseconds;
            if (st == GhostTxnState.Complete)
            {
                Apply(cpu, ref txn, task, local ? now : Nanoseconds.SaturatingAdd(now, _costs.TargetCommitLatencyNs));
            }
            else if ((txn.CommitFlags & (byte)CommitFlags.IncAgentBarrierOnFailure) != 0)
            {
                ref GhostStatusWord a = ref _sw.Writable((uint)cpu);
                Volatile.Write(ref a.Barrier, a.Barrier + 1);
            }
            txn.CommitTime = now;
            _txnsByState[GhostTxnStates.Index(st)]++;
            Volatile.Write(ref txn.State, (int)st);
        }
    }

    /// <summary>Validation in the kernel's order by the one shared validator (<see cref="GhostTxnValidator"/>);
    /// <paramref name="task"/> is the target when the commit succeeds and names one.</summary>
    private GhostTxnState Validate(int cpu, ref GhostTxn txn, out SimTask? task)
    {
        GhostTxnState st = GhostTxnValidator.Validate(ref txn, cpu, new TxnState(this));
        task = st == GhostTxnState.Complete && txn.Gtid > 0 ? TaskOf(txn.Gtid) : null;
        return st;
    }

    // The live task a gtid's tid names, or null (gtids carry the tid above the sequence bits). A task dropped after
    // its word was freed had no word any more, so no gtid could reach it before either.
    private SimTask? TaskOf(long gtid)
    {
        long index = (gtid >> GhostAbi.GtidSeqnumBits) - TidBase;
        return index >= 0 && index <= int.MaxValue && _live.TryGetValue((int)index, out SimTask? t) ? t : null;
    }

    // The simulator's state as the shared validator reads it.
    private readonly struct TxnState(SimulatedKernel kernel) : ITxnKernelState
    {
        public TxnTarget Target(long gtid, int cpu)
        {
            SimTask? t = kernel.TaskOf(gtid);
            if (t == null || t.Gtid != gtid || !t.HasSw)
            {
                return TxnTarget.Missing;
            }
            return new TxnTarget(
                Found: true,
                Ghost: t.Class == TaskClass.Ghost,
                Dead: t.State == TaskState.Dead,
                Barrier: Volatile.Read(ref kernel._sw.Writable(t.SwIndex).Barrier),
                Blocked: t.State == TaskState.Blocked,
                Running: t.State == TaskState.Running,
                OnTxnCpu: kernel._cpus[cpu].Current == t);
        }

        public TxnCpu Cpu(int cpu)
        {
            SimCpu c = kernel._cpus[cpu];
            return new TxnCpu(
                EnclaveActive: kernel._enclaveActive,
                InEnclave: c.InEnclave,
                GhostCurrentOrLatched: (c.Current != null && c.Current.Class == TaskClass.Ghost) || c.Latched != null,
                FairCurrent: c.Current != null && c.Current.Class == TaskClass.Fair,
                OwnedByAgent: kernel._options.AgentMode == AgentMode.Spinning && cpu == kernel._agentCpu);
        }
    }

    private void Apply(int cpu, ref GhostTxn txn, SimTask? task, long effectiveAt)
    {
        SimCpu c = _cpus[cpu];
        if ((txn.CommitFlags & (byte)CommitFlags.ElideAgentBarrierInc) == 0)
        {
            ref GhostStatusWord a = ref _sw.Writable((uint)cpu);
            Volatile.Write(ref a.Barrier, a.Barrier + 1);
        }
        txn.CpuSeqnum = ++c.CpuSeqnum;
        long gtid = txn.Gtid;
        if (gtid == GhostAbi.AgentGtid || gtid == GhostAbi.IdleGtid)
        {
            return; // ping / idle request: nothing latched changes in this model
        }
        if (task != null && c.Current == task)
        {
            return; // ALLOW_TASK_ONCPU on its own CPU: keeps running
        }
        if (c.Latched != null && c.Latched != task)
        {
            DisplaceLatched(c);
        }
        c.LatchGen++;
        if (task == null)
        {
            c.ForceOffPending = true; // gtid 0: force the current ghost task off
        }
        else
        {
            if (task.LatchedCpu >= 0 && task.LatchedCpu != cpu)
            {
                SimCpu old = _cpus[task.LatchedCpu];
                old.Latched = null;
                old.LatchReady = false;
                old.LatchGen++;
            }
            c.ForceOffPending = false;
            c.Latched = task;
            c.LatchReady = false;
            task.LatchedCpu = cpu;
        }
        _events.Push(Math.Max(effectiveAt, _now), EventKind.LatchEffective, cpu, c.LatchGen);
    }

    // ---- Watchdog -----------------------------------------------------------------------------

    private void CheckWatchdog()
    {
        SimTask? oldest = null;
        for (int i = 0; i < _ghostRunnable.Count; i++)
        {
            SimTask t = _ghostRunnable[i];
            if (oldest == null || t.RunnableSince < oldest.RunnableSince || (t.RunnableSince == oldest.RunnableSince && t.Index < oldest.Index))
            {
                oldest = t;
            }
        }
        if (oldest != null && _now - oldest.RunnableSince > _options.RunnableTimeoutNs)
        {
            _watchdogFired = true;
            _watchdogAt = _now;
            _watchdogTask = oldest.Invocation?.Id ?? -1;
            DestroyEnclave();
        }
    }

    /// <summary>One task leaves ghOSt for the fair class (setscheduler SCHED_OTHER, §5.5): TASK_DEPARTED, CANFREE | MSG_GATED, and it continues in CFS.</summary>
    private void DepartGhostTask(SimTask t)
    {
        // setscheduler(SCHED_NORMAL) (by the user, or by the reaper of a destroyed enclave, when nobody reads
        // it any more) produces TASK_DEPARTED; the word shows what the kernel did (CANFREE | MSG_GATED).
        bool current = t.State == TaskState.Running;
        int cpu = Math.Max(t.Cpu, 0);
        TaskDepartedPayload p = new() { Gtid = t.Gtid, CpuSeqnum = ++_cpus[cpu].CpuSeqnum, Cpu = cpu, WasCurrent = (byte)(current ? 1 : 0) };
        ref GhostStatusWord w = ref _sw.Writable(t.SwIndex);
        w.Runtime = (ulong)t.CpuNs;
        SetFlags(ref w, StatusWordFlags.CanFree | StatusWordFlags.TaskMessagesGated);
        ProduceTask(t, GhostMessageType.TaskDeparted, in p);
        ClearFlags(ref w, StatusWordFlags.TaskOnCpu | StatusWordFlags.TaskRunnable);
        t.Departed = true;
        t.LatchedCpu = -1;
        RemoveGhostRunnable(t);
        JoinFairClass(t);
    }

    /// <summary>
    /// A task leaving the ghOSt or real-time class (already off that class's queue) joins the fair class in its
    /// current state: running, it keeps the CPU and is placed by the fair model; runnable, it is woken into the
    /// fair class with its wait kept; sleeping, it gets CFS's neutral sleeper state (relative vruntime 0). EEVDF's lag
    /// is kept: Linux 6.12+ carries <c>vlag</c> over an excursion into another class (<c>switched_from_fair</c> resets
    /// it only for a delayed sleeper), and the weight a task comes back with does not rescale it.
    /// </summary>
    private void JoinFairClass(SimTask t)
    {
        t.Class = TaskClass.Fair;
        t.RtPriority = 0;
        t.VRuntime = 0;
        switch (t.State)
        {
            case TaskState.Running:
                SimCpu c = _cpus[t.Cpu];
                Account(c);
                c.Rq.Adopt(t);
                c.SliceEnd = 0;
                ArmCpuEvent(c);
                break;
            case TaskState.Runnable:
                long waitingSince = t.RunnableSince;
                FairWake(t, isNew: false);
                // Still the same wait: moving classes does not reset it (whether the fair class ran it at once or queued it).
                t.MaxRunnableWait = Math.Max(t.MaxRunnableWait, _now - waitingSince);
                if (t.State == TaskState.Runnable)
                {
                    t.RunnableSince = waitingSince;
                }
                break;
        }
    }

    /// <summary>Enclave destruction: the agent stops, every enclave task moves to the fair class and finishes there.</summary>
    private void DestroyEnclave()
    {
        _enclaveActive = false;
        _agentWakeGen++;
        _agentWakeAt = long.MaxValue;
        if (_agentSpinning)
        {
            EndSpin();
        }
        foreach (SimCpu c in _cpus)
        {
            c.Latched = null;
            c.LatchReady = false;
            c.ForceOffPending = false;
            c.LatchGen++;
            c.AgentRunning = false;
        }
        RefreshFairAllowed();
        foreach (SimTask t in LiveTasksInOrder())
        {
            if (t.Class != TaskClass.Ghost || t.State == TaskState.Dead)
            {
                continue;
            }
            DepartGhostTask(t);
        }
        _ghostRunnable.Clear();
        foreach (SimCpu c in _cpus)
        {
            PickNext(c);
        }
    }
}
