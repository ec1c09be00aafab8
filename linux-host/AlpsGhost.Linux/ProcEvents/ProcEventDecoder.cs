using System.Buffers.Binary;

namespace AlpsGhost.Linux.ProcEvents;

/// <summary>
/// Decodes datagrams of the netlink process-events connector: netlink headers, each carrying a connector message
/// (<c>struct cn_msg</c>) whose payload is a <c>struct proc_event</c>.
/// </summary>
/// <remarks>
/// <para>Layouts (host byte order): <c>nlmsghdr</c> 16 bytes {u32 len, u16 type, u16 flags, u32 seq, u32 pid};
/// <c>cn_msg</c> 20 bytes {u32 idx, u32 val, u32 seq, u32 ack, u16 len, u16 flags}; <c>proc_event</c>
/// {u32 what, u32 cpu, u64 timestamp, union at offset 16}: fork {parent_pid, parent_tgid, child_pid,
/// child_tgid}, exec {pid, tgid}, comm {pid, tgid, comm[16]}, exit {pid, tgid, code, signal, ...}.</para>
/// <para>Never throws on bad input and never reads outside the span: a truncated or inconsistent message is
/// counted as malformed and the rest of the datagram is skipped. Allocation-free.</para>
/// </remarks>
public static class ProcEventDecoder
{
    /// <summary>Size of <c>struct nlmsghdr</c>.</summary>
    public const int NetlinkHeaderSize = 16;

    /// <summary>Size of <c>struct cn_msg</c> without its payload.</summary>
    public const int ConnectorHeaderSize = 20;

    /// <summary>The connector index and value of process events (<c>CN_IDX_PROC</c>, <c>CN_VAL_PROC</c>).</summary>
    public const uint ProcIndex = 1, ProcValue = 1;

    private const int EventHeaderSize = 16; // what, cpu, timestamp_ns
    private const ushort NlmsgNoop = 1, NlmsgError = 2;

    /// <summary>Decodes every event of <paramref name="datagram"/> into <paramref name="events"/>.</summary>
    /// <param name="datagram">The bytes one <c>recv</c> returned.</param>
    /// <param name="events">Output; events beyond its length are counted in <paramref name="malformed"/>.</param>
    /// <param name="malformed">Messages that were truncated, inconsistent, or did not fit.</param>
    /// <returns>The number of events written.</returns>
    public static int Decode(ReadOnlySpan<byte> datagram, Span<ProcEvent> events, out int malformed)
    {
        malformed = 0;
        int count = 0;
        int offset = 0;
        while (datagram.Length - offset >= NetlinkHeaderSize)
        {
            ReadOnlySpan<byte> rest = datagram[offset..];
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(rest[4..]);
            if (length < NetlinkHeaderSize || length > (uint)rest.Length)
            {
                malformed++;
                return count; // the rest cannot be framed
            }
            ReadOnlySpan<byte> payload = rest[NetlinkHeaderSize..(int)length];
            if (type is not (NlmsgError or NlmsgNoop))
            {
                // The connector sends NLMSG_DONE; any other non-control type carrying a connector header is read too.
                switch (DecodeConnector(payload, out ProcEvent e))
                {
                    case Outcome.Event when count < events.Length:
                        events[count++] = e;
                        break;
                    case Outcome.Event:
                    case Outcome.Malformed:
                        malformed++;
                        break;
                }
            }
            offset += (int)Math.Min((length + 3) & ~3u, (uint)rest.Length); // NLMSG_ALIGN, at least one header
        }
        if (offset < datagram.Length)
        {
            malformed++; // trailing bytes shorter than a header
        }
        return count;
    }

    private enum Outcome
    {
        Ignored,
        Event,
        Malformed,
    }

    private static Outcome DecodeConnector(ReadOnlySpan<byte> message, out ProcEvent e)
    {
        e = default;
        if (message.Length < ConnectorHeaderSize)
        {
            return Outcome.Malformed;
        }
        uint idx = BinaryPrimitives.ReadUInt32LittleEndian(message);
        uint val = BinaryPrimitives.ReadUInt32LittleEndian(message[4..]);
        ushort dataLength = BinaryPrimitives.ReadUInt16LittleEndian(message[16..]);
        if (idx != ProcIndex || val != ProcValue)
        {
            return Outcome.Ignored;
        }
        if (dataLength > message.Length - ConnectorHeaderSize || dataLength < EventHeaderSize)
        {
            return Outcome.Malformed;
        }
        ReadOnlySpan<byte> ev = message.Slice(ConnectorHeaderSize, dataLength);
        var what = (ProcEventKind)BinaryPrimitives.ReadUInt32LittleEndian(ev);
        long timestamp = BinaryPrimitives.ReadInt64LittleEndian(ev[8..]);
        ReadOnlySpan<byte> data = ev[EventHeaderSize..];
        switch (what)
        {
            case ProcEventKind.Fork:
                if (data.Length < 16)
                {
                    return Outcome.Malformed;
                }
                e = new ProcEvent(what, Int(data, 8), Int(data, 12), Int(data, 0), Int(data, 4), timestamp);
                break;
            case ProcEventKind.Exec:
            case ProcEventKind.Comm:
            case ProcEventKind.Exit:
                if (data.Length < 8)
                {
                    return Outcome.Malformed;
                }
                e = new ProcEvent(what, Int(data, 0), Int(data, 4), 0, 0, timestamp);
                break;
            default:
                return Outcome.Ignored;
        }
        return e.Tid > 0 && e.Tgid > 0 ? Outcome.Event : Outcome.Malformed;
    }

    private static int Int(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
}
