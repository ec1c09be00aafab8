using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Ghost.Queue;

/// <summary>A view of one message in place in a queue ring; valid until it is consumed.</summary>
public readonly ref struct GhostMessage
{
    private readonly ReadOnlySpan<byte> _bytes;

    internal GhostMessage(ReadOnlySpan<byte> bytes, uint slotIndex)
    {
        _bytes = bytes;
        SlotIndex = slotIndex;
    }

    /// <summary>The free-running tail index this message was read at.</summary>
    public uint SlotIndex { get; }

    /// <summary>Message type.</summary>
    public GhostMessageType Type => (GhostMessageType)MemoryMarshal.Read<ushort>(_bytes);

    /// <summary>Length in bytes, header included.</summary>
    public ushort Length => MemoryMarshal.Read<ushort>(_bytes[2..]);

    /// <summary>Sequence number (task barrier or agent barrier).</summary>
    public uint Seqnum => MemoryMarshal.Read<uint>(_bytes[4..]);

    /// <summary>Slots the message occupies: <c>ceil(length / 8)</c>.</summary>
    public int Slots => (Length + GhostAbi.SlotSize - 1) / GhostAbi.SlotSize;

    /// <summary>The payload bytes the producer wrote (may be shorter than our struct for older ABIs).</summary>
    public ReadOnlySpan<byte> Payload => _bytes.Slice(8, Length - 8);

    /// <summary>
    /// Copies the payload out as <typeparamref name="T"/>; bytes an older ABI did not write read as zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T ReadPayload<T>() where T : unmanaged
    {
        ReadOnlySpan<byte> payload = Payload;
        if (payload.Length >= Unsafe.SizeOf<T>())
        {
            return MemoryMarshal.Read<T>(payload);
        }
        T value = default;
        payload.CopyTo(MemoryMarshal.AsBytes(new Span<T>(ref value)));
        return value;
    }

    /// <summary>The gtid of a task message (first payload field).</summary>
    public long Gtid => MemoryMarshal.Read<long>(_bytes[8..]);

    /// <summary>The CPU of a CPU message (first payload field).</summary>
    public int Cpu => MemoryMarshal.Read<int>(_bytes[8..]);
}
