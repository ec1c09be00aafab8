using System.Runtime.InteropServices;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Benchmarks.Fakes;

/// <summary>
/// A minimal in-memory ghOSt enclave (the approach of the agent tests' fake, trimmed to what the
/// benchmarks drive): ABI-layout queue, status words and transactions in native memory; the benchmark
/// plays the kernel's task events, the fake produces the messages, validates transactions and switches
/// tasks on a successful commit.
/// </summary>
/// <remarks>Allocation-free after construction, so whatever the memory diagnoser sees is the agent's.</remarks>
internal sealed unsafe class FakeEnclave : IGhostEnclave, IDisposable
{
    private struct KTask
    {
        public long Gtid;
        public int Cpu;
        public long Runtime;
        public long SwitchTime;
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

    public FakeEnclave(int cpus, uint queueElements = 8192, uint swCapacity = 1024)
    {
        _cpus = new int[cpus];
        for (int c = 0; c < cpus; c++)
        {
            _cpus[c] = c;
        }
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
    }

    // ------------------------------------------------------------ IGhostEnclave

    public int AbiVersion => 91;
    public ReadOnlySpan<int> Cpus => _cpus;
    public int PossibleCpus => _cpus.Length;
    public int AgentCpu => 0;
    public AgentMode AgentMode => AgentMode.Spinning;
    public long NowNanoseconds => Now;
    public GhostQueue Queue { get; }
    public StatusWordRegion StatusWords { get; }
    public ref GhostTxn Txn(int cpu) => ref _cpuData.Txn(cpu);
    public GhostSwInfo AgentStatusWord(int cpu) => new(0, (uint)cpu);

    public void CommitTransactions(ReadOnlySpan<int> cpus)
    {
        foreach (int cpu in cpus)
        {
            ref GhostTxn txn = ref _cpuData.Txn(cpu);
            if (txn.State != (int)GhostTxnState.Ready)
            {
                continue;
            }
            GhostTxnState outcome = GhostTxnValidator.Validate(ref txn, cpu, new StatusWordTxnState(StatusWords, _byGtid, _current));
            if (outcome == GhostTxnState.Complete)
            {
                SwitchTo(cpu, txn.Gtid);
                txn.CommitTime = Now;
                Commits++;
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

    // ------------------------------------------------------------ benchmark controls

    /// <summary>Virtual clock (ns) the agent reads.</summary>
    public long Now { get; set; }

    /// <summary>Successful commits so far (a sanity check that a benchmark really schedules).</summary>
    public long Commits { get; private set; }

    /// <summary>The gtid running on <paramref name="cpu"/> (kernel view), 0 if none.</summary>
    public long Current(int cpu) => _current[cpu];

    public long NewTask(TaskDescription description, bool runnable)
    {
        uint i = _freeWords.Pop();
        long gtid = ((long)_nextTid++ << GhostAbi.GtidSeqnumBits) | _nextSeq++;
        _tasks[i] = new KTask { Gtid = gtid, Cpu = -1, Description = description };
        _byGtid.Add(gtid, i);
        ref GhostStatusWord w = ref StatusWords.Writable(i);
        w = default;
        w.Gtid = gtid;
        SetFlags(i, StatusWordFlags.InUse | StatusWordFlags.Allocated | (runnable ? StatusWordFlags.TaskRunnable : 0));
        var p = new TaskNewPayload { Gtid = gtid, Runnable = (ushort)(runnable ? 1 : 0), SwInfo = new GhostSwInfo(0, i) };
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

    public void Yield(long gtid)
    {
        uint i = _byGtid[gtid];
        int cpu = SwitchOut(i);
        Produce(i, GhostMessageType.TaskYield, new TaskYieldPayload { Gtid = gtid, Runtime = (ulong)_tasks[i].Runtime, Cpu = cpu });
    }

    /// <summary>The task exits: off-CPU, not runnable, CANFREE, TASK_DEAD produced.</summary>
    public void Exit(long gtid)
    {
        uint i = _byGtid[gtid];
        int cpu = SwitchOut(i);
        ClearFlags(i, StatusWordFlags.TaskRunnable);
        SetFlags(i, StatusWordFlags.CanFree);
        Produce(i, GhostMessageType.TaskDead, new TaskDeadPayload { Gtid = gtid, Cpu = cpu });
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
