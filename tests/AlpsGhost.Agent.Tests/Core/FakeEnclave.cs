using System.Runtime.InteropServices;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Agent.Tests.Core;

/// <summary>
/// A tiny in-memory ghOSt enclave for agent tests: ABI-layout queue, status words and txns in native
/// memory; the test drives task events and the fake plays the kernel (barriers, flags, messages,
/// transaction validation, preempting the previous task when a commit succeeds).
/// </summary>
/// <remarks>Allocation-free after construction (tasks live in a preallocated array), so it can sit
/// inside the agent's zero-allocation test.</remarks>
internal sealed unsafe class FakeEnclave : IGhostEnclave, IDisposable
{
    private struct KTask
    {
        public long Gtid;
        public int Cpu;
        public long Runtime;
        public long SwitchTime;
        public bool Live;
        public bool LoseNext;
        public bool LoseAsOverflow;
        public TaskDescription Description;
    }

    private readonly byte* _queueMem;
    private readonly byte* _swMem;
    private readonly byte* _cpuMem;
    private readonly GhostQueueProducer _producer;
    private readonly CpuDataRegion _cpuData;
    private readonly int[] _cpus;
    private readonly KTask[] _tasks;           // by status word index
    private readonly Dictionary<long, uint> _byGtid;
    private readonly Stack<uint> _freeWords;
    private readonly long[] _current;          // per CPU: gtid running, 0 = none
    private long _nextSeq = 1;
    private int _nextTid = 1000;

    public FakeEnclave(int cpus = 2, AgentMode mode = AgentMode.Spinning, int agentCpu = 0, uint queueElements = 4096, uint swCapacity = 512, int abi = 91)
    {
        AbiVersion = abi;
        _cpus = Enumerable.Range(0, cpus).ToArray();
        AgentMode = mode;
        AgentCpu = agentCpu;
        int queueBytes = GhostAbi.QueueBytes((int)queueElements);
        _queueMem = (byte*)NativeMemory.AllocZeroed((nuint)queueBytes);
        GhostQueueProducer.Initialize(_queueMem, queueElements);
        Queue = new GhostQueue(_queueMem, (nuint)queueBytes);
        _producer = new GhostQueueProducer(_queueMem);
        int swBytes = StatusWordRegion.BytesFor(swCapacity);
        _swMem = (byte*)NativeMemory.AllocZeroed((nuint)swBytes);
        StatusWordRegion.Initialize(_swMem, 0, swCapacity);
        StatusWords = new StatusWordRegion(_swMem, (nuint)swBytes);
        _cpuMem = (byte*)NativeMemory.AllocZeroed((nuint)CpuDataRegion.BytesFor(cpus));
        _cpuData = new CpuDataRegion(_cpuMem, cpus);
        _current = new long[cpus];
        for (int c = 0; c < cpus; c++)
        {
            ref GhostTxn txn = ref _cpuData.Txn(c);
            txn.Cpu = c;
            txn.State = (int)GhostTxnState.Complete;
            txn.SyncGroupOwner = -1;
            ref GhostStatusWord w = ref StatusWords.Writable((uint)c);
            w.Flags = (uint)(StatusWordFlags.InUse | StatusWordFlags.Allocated | StatusWordFlags.TaskIsAgent | StatusWordFlags.CpuAvailable);
            w.Gtid = -1 - c;
        }
        _tasks = new KTask[swCapacity];
        _byGtid = new Dictionary<long, uint>((int)swCapacity);
        _freeWords = new Stack<uint>((int)swCapacity);
        for (uint i = swCapacity - 1; i >= (uint)cpus; i--)
        {
            _freeWords.Push(i);
        }
        ForcedOutcome = new GhostTxnState?[cpus];
    }

    // ------------------------------------------------------------ IGhostEnclave

    public int AbiVersion { get; }
    public ReadOnlySpan<int> Cpus => _cpus;
    public int PossibleCpus => _cpus.Length;
    public int AgentCpu { get; }
    public AgentMode AgentMode { get; }
    public long NowNanoseconds => Now;
    public GhostQueue Queue { get; }
    public StatusWordRegion StatusWords { get; }
    public ref GhostTxn Txn(int cpu) => ref _cpuData.Txn(cpu);
    public GhostSwInfo AgentStatusWord(int cpu) => new(0, (uint)cpu);

    public void CommitTransactions(ReadOnlySpan<int> cpus)
    {
        CommitCalls++;
        foreach (int cpu in cpus)
        {
            ref GhostTxn txn = ref _cpuData.Txn(cpu);
            if (txn.State != (int)GhostTxnState.Ready)
            {
                continue;
            }
            GhostTxnState outcome = ForcedOutcome[cpu] ?? GhostTxnValidator.Validate(ref txn, cpu, new StatusWordTxnState(StatusWords, _byGtid, _current));
            if (outcome == GhostTxnState.Complete)
            {
                SwitchTo(cpu, txn.Gtid);
                txn.CommitTime = Now;
                if (RecordCommits)
                {
                    Commits.Add((Now, cpu, txn.Gtid));
                }
            }
            Volatile.Write(ref txn.State, (int)outcome);
        }
    }

    public bool FreeStatusWord(GhostSwInfo info)
    {
        ref GhostStatusWord w = ref StatusWords.Writable(info.Index);
        if ((w.Flags & (uint)StatusWordFlags.CanFree) == 0)
        {
            return false;
        }
        _byGtid.Remove(w.Gtid);
        _tasks[info.Index] = default;
        w = default;
        _freeWords.Push(info.Index);
        FreedWords++;
        if (RecordCommits)
        {
            Freed.Add(info);
        }
        return true;
    }

    public bool TryDescribeTask(long gtid, out TaskDescription description)
    {
        if (_byGtid.TryGetValue(gtid, out uint i))
        {
            description = _tasks[i].Description;
            return true;
        }
        description = default;
        return false;
    }

    // ------------------------------------------------------------ test controls

    public long Now { get; set; }
    public GhostTxnState?[] ForcedOutcome { get; }
    public bool RecordCommits { get; set; } = true;
    public List<(long Time, int Cpu, long Gtid)> Commits { get; } = [];
    public List<GhostSwInfo> Freed { get; } = [];
    public int FreedWords { get; private set; }
    public int CommitCalls { get; private set; }

    /// <summary>The gtid running on <paramref name="cpu"/> (kernel view), 0 if none.</summary>
    public long Current(int cpu) => _current[cpu];

    public GhostSwInfo WordOf(long gtid) => new(0, _byGtid[gtid]);

    public long NewTask(TaskDescription description, bool runnable = true, long runtime = 0)
    {
        uint i = _freeWords.Pop();
        long gtid = ((long)_nextTid++ << GhostAbi.GtidSeqnumBits) | _nextSeq++;
        _tasks[i] = new KTask { Gtid = gtid, Cpu = -1, Runtime = runtime, Live = true, Description = description };
        _byGtid.Add(gtid, i);
        ref GhostStatusWord w = ref StatusWords.Writable(i);
        w = default;
        w.Gtid = gtid;
        w.Runtime = (ulong)runtime;
        SetFlags(i, StatusWordFlags.InUse | StatusWordFlags.Allocated | (runnable ? StatusWordFlags.TaskRunnable : 0));
        var p = new TaskNewPayload { Gtid = gtid, Runtime = (ulong)runtime, Runnable = (ushort)(runnable ? 1 : 0), SwInfo = new GhostSwInfo(0, i) };
        Produce(i, GhostMessageType.TaskNew, p);
        return gtid;
    }

    public void Block(long gtid)
    {
        uint i = _byGtid[gtid];
        int cpu = SwitchOut(i);
        ClearFlags(i, StatusWordFlags.TaskRunnable);
        Produce(i, GhostMessageType.TaskBlocked, new TaskBlockedPayload { Gtid = gtid, Runtime = (ulong)_tasks[i].Runtime, Cpu = cpu });
    }

    public void Wake(long gtid)
    {
        uint i = _byGtid[gtid];
        SetFlags(i, StatusWordFlags.TaskRunnable);
        Produce(i, GhostMessageType.TaskWakeup, new TaskWakeupPayload { Gtid = gtid, Deferrable = 0, WakeUpCpu = -1, LastRanCpu = -1, WakerCpu = -1 });
    }

    /// <summary>The kernel takes the task's CPU (e.g. a CFS task woke there).</summary>
    public void Preempt(long gtid)
    {
        uint i = _byGtid[gtid];
        int cpu = SwitchOut(i);
        Produce(i, GhostMessageType.TaskPreempt, new TaskPreemptPayload { Gtid = gtid, Runtime = (ulong)_tasks[i].Runtime, Cpu = cpu });
    }

    public void Yield(long gtid)
    {
        uint i = _byGtid[gtid];
        int cpu = SwitchOut(i);
        Produce(i, GhostMessageType.TaskYield, new TaskYieldPayload { Gtid = gtid, Runtime = (ulong)_tasks[i].Runtime, Cpu = cpu });
    }

    public void Exit(long gtid, bool departed = false)
    {
        uint i = _byGtid[gtid];
        int cpu = SwitchOut(i);
        ClearFlags(i, StatusWordFlags.TaskRunnable);
        SetFlags(i, StatusWordFlags.CanFree);
        if (departed)
        {
            Produce(i, GhostMessageType.TaskDeparted, new TaskDepartedPayload { Gtid = gtid, Cpu = cpu });
        }
        else
        {
            Produce(i, GhostMessageType.TaskDead, new TaskDeadPayload { Gtid = gtid, Cpu = cpu });
        }
    }

    /// <summary>The task's next message is suppressed (its barrier still advances), as for a task without a queue.</summary>
    /// <remarks>With <paramref name="asOverflow"/> the loss is a full ring: the kernel counts it in <c>overflow</c>.</remarks>
    public void LoseNextMessage(long gtid, bool asOverflow = false)
    {
        _tasks[_byGtid[gtid]].LoseNext = true;
        _tasks[_byGtid[gtid]].LoseAsOverflow = asOverflow;
    }

    public void ProduceRaw<T>(GhostMessageType type, uint seqnum, in T payload) where T : unmanaged =>
        _producer.TryProduce(type, seqnum, in payload);

    /// <summary>Produces the first <paramref name="bytes"/> bytes of <paramref name="payload"/> (an older ABI's shorter payload).</summary>
    public void ProduceTruncated<T>(GhostMessageType type, uint seqnum, in T payload, int bytes) where T : unmanaged =>
        _producer.TryProduce(type, seqnum, System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in payload))[..bytes]);

    /// <summary>Advances the task's barrier and marks it dead without producing a message (the test produces it).</summary>
    public uint KillSilently(long gtid)
    {
        uint i = _byGtid[gtid];
        SwitchOut(i);
        ClearFlags(i, StatusWordFlags.TaskRunnable);
        SetFlags(i, StatusWordFlags.CanFree);
        ref GhostStatusWord w = ref StatusWords.Writable(i);
        Volatile.Write(ref w.Barrier, w.Barrier + 1);
        return w.Barrier;
    }

    /// <summary>Every live task as the kernel sees it (allocates; for invariant checks).</summary>
    public List<(long Gtid, bool Runnable, bool OnCpu, bool Dead)> LiveTasks()
    {
        var list = new List<(long, bool, bool, bool)>();
        foreach ((long gtid, uint i) in _byGtid)
        {
            StatusWordFlags f = StatusWords.ReadFlags(i);
            list.Add((gtid, (f & StatusWordFlags.TaskRunnable) != 0, (f & StatusWordFlags.TaskOnCpu) != 0, (f & StatusWordFlags.CanFree) != 0));
        }
        return list;
    }

    public void Tick(int cpu) => _producer.TryProduce(GhostMessageType.CpuTick, 0, new CpuTickPayload { Cpu = cpu });

    public void SetCpuAvailable(int cpu, bool available)
    {
        if (available)
        {
            SetFlags((uint)cpu, StatusWordFlags.CpuAvailable);
        }
        else
        {
            ClearFlags((uint)cpu, StatusWordFlags.CpuAvailable);
        }
    }

    public void SetAgentBarrier(int cpu, uint barrier) => Volatile.Write(ref StatusWords.Writable((uint)cpu).Barrier, barrier);

    public void SetAgentBoost(int cpu, bool boosted)
    {
        if (boosted)
        {
            SetFlags((uint)cpu, StatusWordFlags.BoostPriority);
        }
        else
        {
            ClearFlags((uint)cpu, StatusWordFlags.BoostPriority);
        }
    }

    /// <summary>Overwrites the message at the ring's tail with a length shorter than a header.</summary>
    public void CorruptTail()
    {
        byte* ring = _queueMem + GhostAbi.QueueHeaderSize;
        uint tail = *(uint*)(ring + 4);
        uint mask = Queue.Capacity - 1;
        byte* slot = ring + GhostAbi.RingHeaderSize + (tail & mask) * GhostAbi.SlotSize;
        *(ushort*)(slot + 2) = 3;
    }

    public void Dispose()
    {
        NativeMemory.Free(_queueMem);
        NativeMemory.Free(_swMem);
        NativeMemory.Free(_cpuMem);
    }

    // ------------------------------------------------------------ kernel behaviour

    private void SwitchTo(int cpu, long gtid)
    {
        long previous = _current[cpu];
        if (previous != 0 && previous != gtid)
        {
            Preempt(previous);
        }
        uint i = _byGtid[gtid];
        _tasks[i].Cpu = cpu;
        _tasks[i].SwitchTime = Now;
        _current[cpu] = gtid;
        StatusWords.Writable(i).SwitchTime = Now;
        SetFlags(i, StatusWordFlags.TaskOnCpu);
    }

    private int SwitchOut(uint i)
    {
        ref KTask t = ref _tasks[i];
        int cpu = t.Cpu;
        if (cpu >= 0)
        {
            t.Runtime += Now - t.SwitchTime;
            StatusWords.Writable(i).Runtime = (ulong)t.Runtime;
            _current[cpu] = 0;
            t.Cpu = -1;
        }
        ClearFlags(i, StatusWordFlags.TaskOnCpu);
        return cpu;
    }

    private void Produce<T>(uint i, GhostMessageType type, in T payload) where T : unmanaged
    {
        ref GhostStatusWord w = ref StatusWords.Writable(i);
        uint seq = w.Barrier + 1;
        Volatile.Write(ref w.Barrier, seq);
        if (_tasks[i].LoseNext)
        {
            _tasks[i].LoseNext = false;
            if (_tasks[i].LoseAsOverflow)
            {
                uint* overflow = (uint*)(_queueMem + GhostAbi.QueueHeaderSize + 8);
                Volatile.Write(ref *overflow, *overflow + 1);
            }
            return;
        }
        if (!_producer.TryProduce(type, seq, in payload))
        {
            throw new InvalidOperationException("fake enclave queue overflow: enlarge queueElements");
        }
    }

    private void SetFlags(uint i, StatusWordFlags f)
    {
        ref GhostStatusWord w = ref StatusWords.Writable(i);
        Volatile.Write(ref w.Flags, w.Flags | (uint)f);
    }

    private void ClearFlags(uint i, StatusWordFlags f)
    {
        ref GhostStatusWord w = ref StatusWords.Writable(i);
        Volatile.Write(ref w.Flags, w.Flags & ~(uint)f);
    }
}
