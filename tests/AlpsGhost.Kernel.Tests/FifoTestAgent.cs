using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;

namespace AlpsGhost.Kernel.Tests;

/// <summary>
/// A trivial centralized FIFO agent written against <see cref="IGhostEnclave"/> only: drains the queue,
/// keeps a FIFO of runnable tasks, commits them to free enclave CPUs. It also records every message so
/// tests can check the kernel's message stream.
/// </summary>
internal sealed class FifoTestAgent : ISimulatedAgent
{
    private readonly IGhostEnclave _e;
    private readonly Dictionary<long, uint> _seq = [];
    private readonly Dictionary<long, GhostSwInfo> _sw = [];
    private readonly LinkedList<long> _runq = new();
    private readonly long[] _onCpu;
    private readonly List<int> _batch = [];

    public FifoTestAgent(IGhostEnclave enclave)
    {
        _e = enclave;
        _onCpu = new long[enclave.PossibleCpus];
    }

    /// <summary>Every message read: (gtid or cpu, type, seqnum, length, was_latched for PREEMPT).</summary>
    public List<(long Id, GhostMessageType Type, uint Seqnum, ushort Length, byte WasLatched)> Log { get; } = [];

    public List<TaskDeadPayload> Deads { get; } = [];

    public List<TaskNewPayload> News { get; } = [];

    public int FreedWords { get; private set; }

    public long RunOnce()
    {
        GhostQueue q = _e.Queue;
        while (q.TryPeek(out GhostMessage m) == QueueReadStatus.Message)
        {
            GhostMessageType type = m.Type;
            long gtid = GhostMessageTypes.IsTaskMessage(type) ? m.Gtid : GhostMessageTypes.IsCpuMessage(type) ? m.Cpu : 0;
            byte latched = 0;
            switch (type)
            {
                case GhostMessageType.TaskNew:
                    TaskNewPayload n = m.ReadPayload<TaskNewPayload>();
                    News.Add(n);
                    _sw[gtid] = n.SwInfo;
                    if (n.Runnable != 0)
                    {
                        _runq.AddLast(gtid);
                    }
                    break;
                case GhostMessageType.TaskWakeup:
                    _runq.AddLast(gtid);
                    break;
                case GhostMessageType.TaskBlocked:
                    Release(m.ReadPayload<TaskBlockedPayload>().Cpu, gtid);
                    break;
                case GhostMessageType.TaskPreempt:
                    TaskPreemptPayload p = m.ReadPayload<TaskPreemptPayload>();
                    latched = p.WasLatched;
                    Release(p.Cpu, gtid);
                    _runq.AddFirst(gtid);
                    break;
                case GhostMessageType.TaskYield:
                    Release(m.ReadPayload<TaskYieldPayload>().Cpu, gtid);
                    _runq.AddLast(gtid);
                    break;
                case GhostMessageType.TaskDead:
                    TaskDeadPayload d = m.ReadPayload<TaskDeadPayload>();
                    Deads.Add(d);
                    for (int c = 0; c < _onCpu.Length; c++)
                    {
                        if (_onCpu[c] == gtid)
                        {
                            _onCpu[c] = 0;
                        }
                    }
                    Assert.That(_e.FreeStatusWord(_sw[gtid]), Is.True, "TASK_DEAD word must be freeable");
                    FreedWords++;
                    break;
            }
            if (GhostMessageTypes.IsTaskMessage(type))
            {
                _seq[gtid] = m.Seqnum;
            }
            Log.Add((gtid, type, m.Seqnum, m.Length, latched));
            q.Consume(in m);
        }
        _batch.Clear();
        foreach (int cpu in _e.Cpus)
        {
            if (_runq.Count == 0)
            {
                break;
            }
            if (_onCpu[cpu] != 0 || (_e.AgentMode == AgentMode.Spinning && cpu == _e.AgentCpu))
            {
                continue;
            }
            long gtid = _runq.First!.Value;
            _runq.RemoveFirst();
            ref GhostTxn txn = ref _e.Txn(cpu);
            txn.Gtid = gtid;
            txn.TaskBarrier = _seq[gtid];
            txn.RunFlags = 0;
            txn.CommitFlags = 0;
            txn.State = (int)GhostTxnState.Ready;
            _onCpu[cpu] = gtid;
            _batch.Add(cpu);
        }
        if (_batch.Count > 0)
        {
            _e.CommitTransactions(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_batch));
            foreach (int cpu in _batch)
            {
                ref GhostTxn txn = ref _e.Txn(cpu);
                if ((GhostTxnState)txn.State != GhostTxnState.Complete)
                {
                    _runq.AddFirst(txn.Gtid);
                    _onCpu[cpu] = 0;
                }
            }
        }
        // Retry soon if work is waiting (e.g. a CPU was busy with a fair task).
        return _runq.Count > 0 ? _e.NowNanoseconds + 100_000 : long.MaxValue;
    }

    private void Release(int cpu, long gtid)
    {
        if ((uint)cpu < (uint)_onCpu.Length && _onCpu[cpu] == gtid)
        {
            _onCpu[cpu] = 0;
        }
    }
}
