using System.Buffers.Binary;
using AlpsGhost.Linux.ProcEvents;

namespace AlpsGhost.Linux.Tests;

/// <summary>Decoding of netlink process-event datagrams from byte arrays, including hostile ones.</summary>
public class ProcEventDecoderTests
{
    // One netlink message carrying a connector message with a proc_event of kind `what` and union `data`.
    internal static byte[] Message(uint what, params int[] data)
    {
        int eventLength = 16 + Math.Max(24, data.Length * 4);
        int length = ProcEventDecoder.NetlinkHeaderSize + ProcEventDecoder.ConnectorHeaderSize + eventLength;
        var m = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(4), 3);
        Span<byte> cn = m.AsSpan(ProcEventDecoder.NetlinkHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(cn, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(cn[4..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(cn[16..], (ushort)eventLength);
        Span<byte> ev = cn[ProcEventDecoder.ConnectorHeaderSize..];
        BinaryPrimitives.WriteUInt32LittleEndian(ev, what);
        for (int i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(ev[(16 + 4 * i)..], data[i]);
        }
        return m;
    }

    private static (ProcEvent[] Events, int Malformed) Decode(byte[] datagram, int capacity = 8)
    {
        var events = new ProcEvent[capacity];
        int n = ProcEventDecoder.Decode(datagram, events, out int malformed);
        return (events[..n], malformed);
    }

    [Test]
    public void Fork_exec_comm_and_exit_decode_with_their_ids()
    {
        // Protects: the union offsets of each event kind (a shifted field would manage the wrong task).
        Assert.That(Decode(Message(0x1, 100, 100, 101, 100)).Events, Is.EqualTo(new[] { new ProcEvent(ProcEventKind.Fork, 101, 100, 100, 100) }));
        Assert.That(Decode(Message(0x2, 200, 200)).Events, Is.EqualTo(new[] { new ProcEvent(ProcEventKind.Exec, 200, 200, 0, 0) }));
        Assert.That(Decode(Message(0x200, 301, 300)).Events, Is.EqualTo(new[] { new ProcEvent(ProcEventKind.Comm, 301, 300, 0, 0) }));
        Assert.That(Decode(Message(0x80000000, 400, 400, 0, 17)).Events, Is.EqualTo(new[] { new ProcEvent(ProcEventKind.Exit, 400, 400, 0, 0) }));
    }

    [Test]
    public void The_kernel_timestamp_is_kept_for_the_discovery_latency()
    {
        byte[] m = Message(0x2, 7, 7);
        BinaryPrimitives.WriteInt64LittleEndian(m.AsSpan(ProcEventDecoder.NetlinkHeaderSize + ProcEventDecoder.ConnectorHeaderSize + 8), 123_456_789_000);
        Assert.That(Decode(m).Events[0].TimestampNs, Is.EqualTo(123_456_789_000));
    }

    [Test]
    public void Several_messages_in_one_datagram_all_decode()
    {
        byte[] datagram = [.. Message(0x2, 7, 7), .. Message(0x80000000, 8, 8)];
        Assert.That(Decode(datagram).Events.Select(e => e.Tid), Is.EqualTo(new[] { 7, 8 }));
    }

    [Test]
    public void Other_event_kinds_and_other_connectors_are_ignored_not_malformed()
    {
        byte[] uid = Message(0x4, 5, 5, 1000, 1000);
        byte[] other = Message(0x2, 9, 9);
        BinaryPrimitives.WriteUInt32LittleEndian(other.AsSpan(ProcEventDecoder.NetlinkHeaderSize), 7); // another connector index
        (ProcEvent[] events, int malformed) = Decode([.. uid, .. other]);
        Assert.That(events, Is.Empty);
        Assert.That(malformed, Is.Zero);
    }

    [Test]
    public void Truncated_and_inconsistent_messages_are_counted_never_read_past_the_end()
    {
        // Protects: hostile lengths cannot make the decoder throw or read outside the datagram.
        byte[] good = Message(0x2, 7, 7);
        Assert.That(Decode(good[..20]).Malformed, Is.EqualTo(1), "netlink length beyond the datagram");
        byte[] lying = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(lying.AsSpan(ProcEventDecoder.NetlinkHeaderSize + 16), 5000);
        (ProcEvent[] none, int bad) = Decode(lying);
        Assert.That(none, Is.Empty, "connector length beyond the message");
        Assert.That(bad, Is.EqualTo(1));
        byte[] tiny = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(tiny, 4); // shorter than a header
        Assert.That(Decode(tiny).Malformed, Is.EqualTo(1));
        Assert.That(Decode([1, 2, 3]).Malformed, Is.EqualTo(1), "three bytes");
        Assert.That(Decode([]).Malformed, Is.Zero, "empty");
        Assert.That(Decode(Message(0x2, 0, 0)).Malformed, Is.EqualTo(1), "pid 0");
    }

    [Test]
    public void Random_bytes_never_throw()
    {
        var random = new Random(12);
        var buffer = new byte[256];
        for (int i = 0; i < 5000; i++)
        {
            random.NextBytes(buffer);
            int len = random.Next(buffer.Length + 1);
            Assert.DoesNotThrow(() => Decode(buffer[..len]));
        }
    }

    [Test]
    public void Events_beyond_the_output_span_are_counted()
    {
        byte[] datagram = [.. Message(0x2, 1, 1), .. Message(0x2, 2, 2), .. Message(0x2, 3, 3)];
        (ProcEvent[] events, int malformed) = Decode(datagram, capacity: 2);
        Assert.That(events, Has.Length.EqualTo(2));
        Assert.That(malformed, Is.EqualTo(1));
    }

    [Test]
    public void The_listen_request_has_the_connector_layout()
    {
        var m = new byte[40];
        ProcConnector.WriteListen(m, 1234);
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(m), Is.EqualTo(40u));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(12)), Is.EqualTo(1234u));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(16)), Is.EqualTo(1u), "CN_IDX_PROC");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(m.AsSpan(32)), Is.EqualTo(4), "payload length");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(36)), Is.EqualTo(1u), "PROC_CN_MCAST_LISTEN");
    }
}
