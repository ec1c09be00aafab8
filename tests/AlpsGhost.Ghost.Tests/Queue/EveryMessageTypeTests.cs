using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;

namespace AlpsGhost.Ghost.Tests.Queue;

/// <summary>Every message type of ABI 84 and 91 survives the ring: header, length, and every payload byte.</summary>
public class EveryMessageTypeTests
{
    private static readonly GhostMessageType[] AllTypes = Enum.GetValues<GhostMessageType>();

    [TestCase(84)]
    [TestCase(91)]
    public void EachTypeDecodesToThePayloadTheKernelWrote(int abi)
    {
        // 16 slots: a sequence of every type wraps the ring several times, with NOP padding at the end.
        using var ring = new RingBuffer(16);
        uint seq = 0;
        foreach (GhostMessageType type in AllTypes)
        {
            int size = GhostMessageTypes.PayloadSize(type, abi);
            if (type == GhostMessageType.Nop || size < 0)
            {
                continue;
            }
            byte[] payload = Pattern(type, size);
            Assert.That(ring.Producer.TryProduce(type, ++seq, payload), Is.True, $"{type} fits");

            GhostMessage m = NextNonNop(ring.Consumer);
            Assert.That((m.Type, m.Seqnum, (int)m.Length), Is.EqualTo((type, seq, 8 + size)), $"{type} header");
            Assert.That(m.Payload.ToArray(), Is.EqualTo(payload), $"{type} payload bytes");
            Assert.That(TypedPayloadBytes(m, type), Is.EqualTo(Padded(payload, FullSize(type))),
                $"{type} read as its struct: the bytes written, then zeros for fields this ABI does not have");
            if (GhostMessageTypes.IsTaskMessage(type))
            {
                Assert.That(m.Gtid, Is.EqualTo(BitConverter.ToInt64(payload, 0)), $"{type} gtid");
            }
            else
            {
                Assert.That(m.Cpu, Is.EqualTo(BitConverter.ToInt32(payload, 0)), $"{type} cpu");
            }
            ring.Consumer.Consume(m);
        }
        Assert.That(ring.Consumer.TryPeek(out _), Is.EqualTo(QueueReadStatus.Empty));
        Assert.That(seq, Is.EqualTo((uint)(AllTypes.Length - 1)), "every defined type but NOP was exercised");
    }

    private static GhostMessage NextNonNop(GhostQueue q)
    {
        while (true)
        {
            Assert.That(q.TryPeek(out GhostMessage m), Is.EqualTo(QueueReadStatus.Message));
            if (m.Type != GhostMessageType.Nop)
            {
                return m;
            }
            q.Consume(m);
        }
    }

    // Distinct bytes per type and offset, so a misplaced field or a wrong length cannot pass.
    private static byte[] Pattern(GhostMessageType type, int size)
    {
        var bytes = new byte[size];
        for (int i = 0; i < size; i++)
        {
            bytes[i] = (byte)((int)type * 7 + i + 1);
        }
        return bytes;
    }

    private static byte[] Padded(byte[] payload, int size)
    {
        var full = new byte[size];
        payload.CopyTo(full, 0);
        return full;
    }

    private static int FullSize(GhostMessageType type) => GhostMessageTypes.PayloadSize(type, GhostAbi.LatestVersion);

    private static byte[] TypedPayloadBytes(GhostMessage m, GhostMessageType type) => type switch
    {
        GhostMessageType.TaskDead => Bytes(m.ReadPayload<TaskDeadPayload>()),
        GhostMessageType.TaskBlocked => Bytes(m.ReadPayload<TaskBlockedPayload>()),
        GhostMessageType.TaskWakeup => Bytes(m.ReadPayload<TaskWakeupPayload>()),
        GhostMessageType.TaskNew => Bytes(m.ReadPayload<TaskNewPayload>()),
        GhostMessageType.TaskPreempt => Bytes(m.ReadPayload<TaskPreemptPayload>()),
        GhostMessageType.TaskYield => Bytes(m.ReadPayload<TaskYieldPayload>()),
        GhostMessageType.TaskDeparted => Bytes(m.ReadPayload<TaskDepartedPayload>()),
        GhostMessageType.TaskSwitchto => Bytes(m.ReadPayload<TaskSwitchtoPayload>()),
        GhostMessageType.TaskAffinityChanged => Bytes(m.ReadPayload<TaskAffinityChangedPayload>()),
        GhostMessageType.TaskOnCpu => Bytes(m.ReadPayload<TaskOnCpuPayload>()),
        GhostMessageType.TaskPriorityChanged => Bytes(m.ReadPayload<TaskPriorityChangedPayload>()),
        GhostMessageType.TaskLatchFailure => Bytes(m.ReadPayload<TaskLatchFailurePayload>()),
        GhostMessageType.CpuTick => Bytes(m.ReadPayload<CpuTickPayload>()),
        GhostMessageType.CpuTimerExpired => Bytes(m.ReadPayload<CpuTimerExpiredPayload>()),
        GhostMessageType.CpuNotIdle => Bytes(m.ReadPayload<CpuNotIdlePayload>()),
        _ => Bytes(m.ReadPayload<CpuPayload>()),
    };

    private static byte[] Bytes<T>(T value) where T : unmanaged =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref value)).ToArray();

    [Test]
    public void PayloadStructSizesMatchTheLatestAbi()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Unsafe.SizeOf<TaskNewPayload>(), Is.EqualTo(FullSize(GhostMessageType.TaskNew)));
            Assert.That(Unsafe.SizeOf<TaskDeadPayload>(), Is.EqualTo(FullSize(GhostMessageType.TaskDead)));
            Assert.That(Unsafe.SizeOf<CpuTickPayload>(), Is.EqualTo(FullSize(GhostMessageType.CpuTick)));
            Assert.That(Unsafe.SizeOf<TaskPreemptPayload>(), Is.EqualTo(FullSize(GhostMessageType.TaskPreempt)));
            Assert.That(Unsafe.SizeOf<CpuTimerExpiredPayload>(), Is.EqualTo(FullSize(GhostMessageType.CpuTimerExpired)));
        });
    }
}
