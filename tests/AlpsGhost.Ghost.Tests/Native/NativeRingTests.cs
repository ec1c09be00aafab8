using System.Runtime.InteropServices;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Native;
using AlpsGhost.Ghost.Queue;

namespace AlpsGhost.Ghost.Tests.Native;

/// <summary>
/// The C# consumer reads rings laid out by C code (the native shim's kernel-style producer and the
/// C payload structs), including NOP padding at the wrap, for ABI 84 and 91 payload sizes.
/// </summary>
public unsafe class NativeRingTests
{
    private const long G = (1000L << 41) | 1;

    [TestCase(84, 0u)]
    [TestCase(91, 0u)]
    [TestCase(84, 28u)]
    [TestCase(91, 28u)]
    [TestCase(91, 0xFFFF_FFFCu)]
    public void SampleSequenceDecodesFieldForField(int abi, uint startIndex)
    {
        using var ring = new NativeRing(32);
        Assert.That(GhostNative.RingSetPosition(ring.Mapping, startIndex), Is.Zero);
        Assert.That(GhostNative.RingWriteSample(ring.Mapping, abi), Is.EqualTo(6));
        var q = new GhostQueue(ring.Mapping, ring.Length);

        GhostMessage m = Next(q, skipNops: true, out int nops);
        Assert.That(nops, Is.EqualTo(startIndex % 32 == 28 ? 1 : 0), "a NOP pads the 4 slots before the end when TASK_NEW does not fit");
        Assert.That((m.Type, m.Seqnum, (int)m.Length), Is.EqualTo((GhostMessageType.TaskNew, 1u, 8 + GhostMessageTypes.PayloadSize(GhostMessageType.TaskNew, abi))));
        var tn = m.ReadPayload<TaskNewPayload>();
        Assert.That((tn.Gtid, tn.ParentGtid, tn.Runtime, tn.Runnable, tn.Nice), Is.EqualTo((G, (999L << 41) | 7, 123456789UL, (ushort)1, -5)));
        Assert.That((tn.SwInfo.Id, tn.SwInfo.Index), Is.EqualTo((0u, 42u)));
        Assert.That(tn.AgentData, Is.EqualTo(abi >= 88 ? 0xA6E47UL : 0UL));
        q.Consume(m);

        m = Next(q, skipNops: false, out _);
        var wk = m.ReadPayload<TaskWakeupPayload>();
        Assert.That((m.Type, m.Seqnum), Is.EqualTo((GhostMessageType.TaskWakeup, 2u)));
        Assert.That((wk.Gtid, wk.AgentData, wk.Deferrable, wk.LastRanCpu, wk.WakeUpCpu, wk.WakerCpu), Is.EqualTo((G, 0UL, (byte)1, 2, 3, 1)));
        q.Consume(m);

        m = Next(q, skipNops: false, out _);
        var tick = m.ReadPayload<CpuTickPayload>();
        Assert.That((m.Type, m.Seqnum, m.Cpu, tick.IsAgent), Is.EqualTo((GhostMessageType.CpuTick, 7u, 3, abi >= 90 ? 1 : 0)));
        q.Consume(m);

        m = Next(q, skipNops: false, out _);
        var pre = m.ReadPayload<TaskPreemptPayload>();
        Assert.That((m.Type, m.Seqnum, m.Gtid), Is.EqualTo((GhostMessageType.TaskPreempt, 3u, G)));
        Assert.That((pre.Runtime, pre.CpuSeqnum, pre.Cpu, pre.FromSwitchto, pre.WasLatched), Is.EqualTo((200000000UL, 17UL, 3, (byte)0, (byte)1)));
        q.Consume(m);

        m = Next(q, skipNops: false, out _);
        var timer = m.ReadPayload<CpuTimerExpiredPayload>();
        Assert.That((m.Type, m.Seqnum, timer.Cpu, timer.Type, timer.Cookie), Is.EqualTo((GhostMessageType.CpuTimerExpired, 8u, 1, 5UL, 0xC00C1EUL)));
        q.Consume(m);

        m = Next(q, skipNops: false, out _);
        var dead = m.ReadPayload<TaskDeadPayload>();
        Assert.That((m.Type, m.Seqnum, dead.Gtid, dead.Cpu), Is.EqualTo((GhostMessageType.TaskDead, 4u, G, abi >= 89 ? 3 : 0)));
        q.Consume(m);

        Assert.That(q.TryPeek(out _), Is.EqualTo(QueueReadStatus.Empty));
        Assert.That(q.Overflow, Is.Zero);
    }

    [Test]
    public void ManyLapsOfVariableLengthMessagesArriveInOrderWithNopsOnlyAtTheEnd()
    {
        using var ring = new NativeRing(64);
        var q = new GhostQueue(ring.Mapping, ring.Length);
        var rng = new Random(1234);
        byte* payload = stackalloc byte[64];
        uint produced = 0, consumed = 0;
        int nops = 0;
        for (int round = 0; round < 2000; round++)
        {
            int burst = rng.Next(1, 6);
            for (int i = 0; i < burst; i++)
            {
                ushort len = (ushort)(4 * rng.Next(1, 13)); // 4..48 bytes: every payload size the ABI has
                for (int b = 0; b < len; b++)
                {
                    payload[b] = (byte)(produced + (uint)b);
                }
                int rc = GhostNative.RingProduce(ring.Mapping, (ushort)GhostMessageType.TaskWakeup, produced + 1, payload, len);
                if (rc == -Errno.EOVERFLOW)
                {
                    break;
                }
                Assert.That(rc, Is.Zero);
                produced++;
            }
            int drain = rng.Next(0, 6);
            for (int i = 0; i < drain && q.TryPeek(out GhostMessage m) == QueueReadStatus.Message; i++)
            {
                q.Consume(m);
                if (m.Type == GhostMessageType.Nop)
                {
                    nops++;
                    Assert.That((m.SlotIndex + (uint)m.Slots) % 64, Is.Zero, "a NOP always runs to the end of the ring");
                    continue;
                }
                consumed++;
                Assert.That(m.Seqnum, Is.EqualTo(consumed), "no message lost or reordered");
                ReadOnlySpan<byte> p = m.Payload;
                for (int b = 0; b < p.Length; b++)
                {
                    Assert.That(p[b], Is.EqualTo((byte)(consumed - 1 + (uint)b)));
                }
            }
        }
        Assert.That(nops, Is.GreaterThan(10), "the test must actually wrap");
        Assert.That(consumed, Is.GreaterThan(1000));
    }

    [Test]
    public void NativeProducerOverflowsLikeTheKernel()
    {
        using var ring = new NativeRing(8);
        long gtid = 1;
        Assert.That(GhostNative.RingProduce(ring.Mapping, (ushort)GhostMessageType.TaskDead, 1, &gtid, 16), Is.Zero);
        Assert.That(GhostNative.RingProduce(ring.Mapping, (ushort)GhostMessageType.TaskDead, 2, &gtid, 16), Is.Zero);
        Assert.That(GhostNative.RingProduce(ring.Mapping, (ushort)GhostMessageType.TaskDead, 3, &gtid, 16), Is.EqualTo(-Errno.EOVERFLOW));
        Assert.That(new GhostQueue(ring.Mapping, ring.Length).Overflow, Is.EqualTo(1u));
        Assert.That(GhostNative.RingInit(ring.Mapping, ring.Length, 12), Is.EqualTo(-Errno.EINVAL), "nelems must be a power of two");
    }

    private static GhostMessage Next(GhostQueue q, bool skipNops, out int nops)
    {
        nops = 0;
        while (true)
        {
            Assert.That(q.TryPeek(out GhostMessage m), Is.EqualTo(QueueReadStatus.Message));
            if (!skipNops || m.Type != GhostMessageType.Nop)
            {
                return m;
            }
            nops++;
            q.Consume(m);
        }
    }

    private sealed class NativeRing : IDisposable
    {
        public NativeRing(uint nelems)
        {
            Length = (nuint)GhostAbi.QueueBytes((int)nelems);
            Mapping = (byte*)NativeMemory.AlignedAlloc(Length, 64);
            Assert.That(GhostNative.RingInit(Mapping, Length, nelems), Is.Zero);
        }

        public byte* Mapping { get; }
        public nuint Length { get; }
        public void Dispose() => NativeMemory.AlignedFree(Mapping);
    }
}
