using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;

namespace AlpsGhost.Ghost.Tests.Queue;

/// <summary>The ring is read exactly as the kernel lays it out: slots at 76 + 8i, NOP padding at wrap.</summary>
public unsafe class GhostQueueTests
{
    [Test]
    public void FirstMessageLandsAtMappingOffset76()
    {
        using var ring = new RingBuffer(16);
        var payload = new TaskWakeupPayload { Gtid = 0x1234, WakeUpCpu = 3 };
        Assert.That(ring.Producer.TryProduce(GhostMessageType.TaskWakeup, 7, payload), Is.True);

        Assert.That(*(ushort*)(ring.Mapping + 76), Is.EqualTo((ushort)GhostMessageType.TaskWakeup));
        Assert.That(*(ushort*)(ring.Mapping + 78), Is.EqualTo(40));
        Assert.That(*(uint*)(ring.Mapping + 80), Is.EqualTo(7u));
        Assert.That(*(long*)(ring.Mapping + 84), Is.EqualTo(0x1234L));
        Assert.That(ring.Head, Is.EqualTo(5u), "40 bytes occupy five 8-byte slots");
    }

    [Test]
    public void WrapPadsWithNopAndPlacesTheMessageAtSlotZero()
    {
        using var ring = new RingBuffer(16);
        // Advance head and tail to slot 13: three slots remain before the end of the ring.
        ring.Head = 13;
        ring.Tail = 13;
        var payload = new TaskBlockedPayload { Gtid = 99, Runtime = 5000, Cpu = 1 };
        Assert.That(ring.Producer.TryProduce(GhostMessageType.TaskBlocked, 4, payload), Is.True);
        Assert.That(ring.Head, Is.EqualTo(13u + 3 + 5), "three padding slots, then five message slots");

        Assert.That(ring.Consumer.TryPeek(out GhostMessage nop), Is.EqualTo(QueueReadStatus.Message));
        Assert.That(nop.Type, Is.EqualTo(GhostMessageType.Nop));
        Assert.That(nop.Length, Is.EqualTo(24));
        ring.Consumer.Consume(nop);

        Assert.That(ring.Consumer.TryPeek(out GhostMessage msg), Is.EqualTo(QueueReadStatus.Message));
        Assert.That(msg.Type, Is.EqualTo(GhostMessageType.TaskBlocked));
        Assert.That(msg.Seqnum, Is.EqualTo(4u));
        var read = msg.ReadPayload<TaskBlockedPayload>();
        Assert.That((read.Gtid, read.Runtime, read.Cpu), Is.EqualTo((99L, 5000UL, 1)));
        ring.Consumer.Consume(msg);
        Assert.That(ring.Consumer.TryPeek(out _), Is.EqualTo(QueueReadStatus.Empty));
    }

    [Test]
    public void FullRingCountsOverflowAndDropsTheMessage()
    {
        using var ring = new RingBuffer(8);
        var payload = new TaskDeadPayload { Gtid = 1 };
        Assert.That(ring.Producer.TryProduce(GhostMessageType.TaskDead, 1, payload), Is.True);   // 3 slots
        Assert.That(ring.Producer.TryProduce(GhostMessageType.TaskDead, 2, payload), Is.True);   // 3 slots
        Assert.That(ring.Producer.TryProduce(GhostMessageType.TaskDead, 3, payload), Is.False);  // 2 left
        Assert.That(ring.Consumer.Overflow, Is.EqualTo(1u));
    }

    [Test]
    public void OlderAbiPayloadReadsMissingFieldsAsZero()
    {
        using var ring = new RingBuffer(16);
        // ABI 84 TASK_NEW has no agent_data: 40 payload bytes instead of 48.
        var full = new TaskNewPayload { Gtid = 5, Runtime = 10, Runnable = 1, SwInfo = new GhostSwInfo(0, 3), AgentData = 0xdead };
        byte[] bytes = new byte[48];
        System.Runtime.InteropServices.MemoryMarshal.Write(bytes, in full);
        Assert.That(ring.Producer.TryProduce(GhostMessageType.TaskNew, 1, bytes.AsSpan(0, GhostMessageTypes.PayloadSize(GhostMessageType.TaskNew, 84))), Is.True);
        Assert.That(ring.Consumer.TryPeek(out GhostMessage msg), Is.EqualTo(QueueReadStatus.Message));
        TaskNewPayload read = msg.ReadPayload<TaskNewPayload>();
        Assert.That((read.Gtid, read.SwInfo.Index, read.AgentData), Is.EqualTo((5L, 3u, 0UL)));
    }

    [TestCase(0, TestName = "LengthZeroIsCorruptNotAnEndlessLoop")]
    [TestCase(4, TestName = "LengthShorterThanHeaderIsCorrupt")]
    [TestCase(200, TestName = "LengthPastHeadIsCorrupt")]
    public void BogusLengthIsReportedAsCorrupt(int length)
    {
        using var ring = new RingBuffer(16);
        Assert.That(ring.Producer.TryProduce(GhostMessageType.TaskDead, 1, new TaskDeadPayload { Gtid = 1 }), Is.True);
        *(ushort*)(ring.Mapping + 78) = (ushort)length;
        Assert.That(ring.Consumer.TryPeek(out _), Is.EqualTo(QueueReadStatus.Corrupt));
        Assert.That(ring.Consumer.SkipToHead(), Is.EqualTo(3u));
        Assert.That(ring.Consumer.TryPeek(out _), Is.EqualTo(QueueReadStatus.Empty));
    }

    [Test]
    public void HeadMoreThanARingAheadOfTailIsCorrupt()
    {
        using var ring = new RingBuffer(16);
        ring.Head = 100;
        ring.Tail = 3;
        Assert.That(ring.Consumer.TryPeek(out _), Is.EqualTo(QueueReadStatus.Corrupt));
    }
}
