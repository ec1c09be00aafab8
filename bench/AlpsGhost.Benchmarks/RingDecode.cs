using System.Runtime.InteropServices;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using BenchmarkDotNet.Attributes;

namespace AlpsGhost.Benchmarks;

/// <summary>
/// Decoding one message from a ghOSt queue ring in place: <c>TryPeek</c>, type dispatch,
/// <c>ReadPayload</c>, <c>Consume</c> — the first thing the agent does for every kernel event.
/// </summary>
/// <remarks>
/// The ring is filled once in <see cref="Setup"/> with a realistic mix laid out by the kernel-faithful
/// producer (TASK_NEW, WAKEUP, BLOCKED, PREEMPT, YIELD, DEAD; 3 to 7 slots each). <see cref="Decode"/>
/// reads all of them, then rewinds the tail so the next invocation reads the same bytes again: the
/// measured region holds only the consumer (one store per batch to rewind). <see cref="ProduceAndDecode"/>
/// adds the producer's cost for comparison (what the simulated kernel pays per message).
/// </remarks>
[MemoryDiagnoser]
public unsafe class RingDecode
{
    /// <summary>Messages per invocation; results are per message.</summary>
    public const int Batch = 1024;

    private const uint RingElements = 8192; // 1024 messages of <= 7 slots fit without wrapping

    private byte* _mapping;
    private GhostQueue _queue = null!;
    private GhostQueueProducer _producer = null!;
    private uint* _tail;
    private uint _startTail;

    /// <summary>Allocates the ring and produces <see cref="Batch"/> messages into it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int bytes = GhostAbi.QueueBytes((int)RingElements);
        _mapping = (byte*)NativeMemory.AllocZeroed((nuint)bytes);
        GhostQueueProducer.Initialize(_mapping, RingElements);
        _queue = new GhostQueue(_mapping, (nuint)bytes);
        _producer = new GhostQueueProducer(_mapping);
        _tail = (uint*)(_mapping + GhostAbi.QueueHeaderSize + 4);
        _startTail = *_tail;
        for (int i = 0; i < Batch; i++)
        {
            ProduceOne(_producer, i);
        }
        if (Decode() == 0)
        {
            throw new InvalidOperationException("the ring decoded nothing: setup is wrong");
        }
    }

    /// <summary>Frees the ring.</summary>
    [GlobalCleanup]
    public void Cleanup() => NativeMemory.Free(_mapping);

    /// <summary>Peek + dispatch + payload copy + consume, per message.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long Decode()
    {
        long sum = DrainAll(_queue);
        Volatile.Write(ref *_tail, _startTail);
        return sum;
    }

    /// <summary>Produce (kernel side) then decode (agent side), per message.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long ProduceAndDecode()
    {
        long sum = 0;
        for (int i = 0; i < Batch; i++)
        {
            ProduceOne(_producer, i);
            sum += DrainAll(_queue);
        }
        return sum;
    }

    private static void ProduceOne(GhostQueueProducer producer, int i)
    {
        long gtid = 1000 + (i % 64);
        uint seq = (uint)i;
        bool ok = (i % 6) switch
        {
            0 => producer.TryProduce(GhostMessageType.TaskNew, seq, new TaskNewPayload { Gtid = gtid, Runnable = 1, SwInfo = new GhostSwInfo(0, (uint)i) }),
            1 => producer.TryProduce(GhostMessageType.TaskWakeup, seq, new TaskWakeupPayload { Gtid = gtid, WakeUpCpu = -1, LastRanCpu = 1, WakerCpu = -1 }),
            2 => producer.TryProduce(GhostMessageType.TaskBlocked, seq, new TaskBlockedPayload { Gtid = gtid, Runtime = 1_000_000, Cpu = 1 }),
            3 => producer.TryProduce(GhostMessageType.TaskPreempt, seq, new TaskPreemptPayload { Gtid = gtid, Runtime = 2_000_000, Cpu = 2 }),
            4 => producer.TryProduce(GhostMessageType.TaskYield, seq, new TaskYieldPayload { Gtid = gtid, Runtime = 3_000_000, Cpu = 3 }),
            _ => producer.TryProduce(GhostMessageType.TaskDead, seq, new TaskDeadPayload { Gtid = gtid, Cpu = 1 }),
        };
        if (!ok)
        {
            throw new InvalidOperationException("ring full: the benchmark must size RingElements for Batch");
        }
    }

    /// <summary>What the agent's drain loop does with each message, minus the task-table work.</summary>
    private static long DrainAll(GhostQueue queue)
    {
        long sum = 0;
        while (queue.TryPeek(out GhostMessage m) == QueueReadStatus.Message)
        {
            sum += m.Seqnum;
            switch (m.Type)
            {
                case GhostMessageType.TaskNew:
                    TaskNewPayload n = m.ReadPayload<TaskNewPayload>();
                    sum += n.Gtid + n.SwInfo.Index;
                    break;
                case GhostMessageType.TaskWakeup:
                    sum += m.ReadPayload<TaskWakeupPayload>().Gtid;
                    break;
                case GhostMessageType.TaskBlocked:
                    TaskBlockedPayload b = m.ReadPayload<TaskBlockedPayload>();
                    sum += b.Gtid + (long)b.Runtime;
                    break;
                case GhostMessageType.TaskPreempt:
                    TaskPreemptPayload p = m.ReadPayload<TaskPreemptPayload>();
                    sum += p.Gtid + (long)p.Runtime;
                    break;
                case GhostMessageType.TaskYield:
                    TaskYieldPayload y = m.ReadPayload<TaskYieldPayload>();
                    sum += y.Gtid + (long)y.Runtime;
                    break;
                case GhostMessageType.TaskDead:
                    sum += m.ReadPayload<TaskDeadPayload>().Gtid;
                    break;
                default:
                    break;
            }
            queue.Consume(in m);
        }
        return sum;
    }
}
