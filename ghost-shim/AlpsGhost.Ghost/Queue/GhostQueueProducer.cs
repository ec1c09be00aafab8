using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Ghost.Queue;

/// <summary>
/// The producer side of a queue, following the kernel's <c>_produce</c>: used by the simulated kernel
/// and by tests to lay out rings exactly as the kernel does.
/// </summary>
/// <remarks>
/// A message needs <c>ceil(length / 8)</c> contiguous slots. If the free run ahead of head is too
/// short but the free run at the start of the ring is long enough, a <c>MSG_NOP</c> pads to the end
/// and the message goes at index 0. If neither fits, <c>overflow</c> is incremented and the message is
/// dropped. Header and payload are written before head is published (release).
/// </remarks>
public sealed unsafe class GhostQueueProducer
{
    private readonly byte* _ring;
    private readonly byte* _slots;
    private readonly uint _nelems;
    private readonly uint _mask;

    /// <summary>Wraps the same mapping a <see cref="GhostQueue"/> reads.</summary>
    public GhostQueueProducer(byte* mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ref GhostQueueHeader header = ref Unsafe.AsRef<GhostQueueHeader>(mapping);
        _ring = mapping + header.Start;
        _slots = _ring + GhostAbi.RingHeaderSize;
        _nelems = header.Nelems;
        _mask = _nelems - 1;
    }

    /// <summary>Writes a queue header (version 0, start 64, <paramref name="nelems"/>) and an empty ring.</summary>
    public static void Initialize(byte* mapping, uint nelems)
    {
        if (nelems == 0 || (nelems & (nelems - 1)) != 0 || nelems > GhostAbi.MaxQueueElements)
        {
            throw new ArgumentOutOfRangeException(nameof(nelems), nelems, $"expected a power of two <= {GhostAbi.MaxQueueElements}");
        }
        new Span<byte>(mapping, GhostAbi.QueueBytes((int)nelems)).Clear();
        ref GhostQueueHeader header = ref Unsafe.AsRef<GhostQueueHeader>(mapping);
        header.Version = GhostAbi.QueueVersion;
        header.Start = GhostAbi.QueueHeaderSize;
        header.Nelems = nelems;
    }

    private ref uint Head => ref Unsafe.AsRef<uint>(_ring);
    private ref uint Tail => ref Unsafe.AsRef<uint>(_ring + 4);
    private ref uint OverflowWord => ref Unsafe.AsRef<uint>(_ring + 8);

    /// <summary>Produces one message; returns false (and counts an overflow) if it does not fit.</summary>
    public bool TryProduce<T>(GhostMessageType type, uint seqnum, in T payload) where T : unmanaged =>
        TryProduce(type, seqnum, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in payload)));

    /// <summary>Produces one message whose payload is <paramref name="payload"/>.</summary>
    public bool TryProduce(GhostMessageType type, uint seqnum, ReadOnlySpan<byte> payload)
    {
        int length = GhostAbi.SlotSize + payload.Length;
        uint needed = (uint)(length + GhostAbi.SlotSize - 1) / GhostAbi.SlotSize;
        uint head = Head;
        uint tail = Volatile.Read(ref Tail);
        uint free = _nelems - (head - tail);
        uint index = head & _mask;
        uint ahead = _nelems - index;
        uint skipped = 0;
        if (Math.Min(ahead, free) < needed)
        {
            if (free < ahead || free - ahead < needed)
            {
                Volatile.Write(ref OverflowWord, OverflowWord + 1);
                return false;
            }
            WriteHeader(index, GhostMessageType.Nop, (ushort)(ahead * GhostAbi.SlotSize), 0);
            skipped = ahead;
            index = 0;
        }
        WriteHeader(index, type, (ushort)length, seqnum);
        payload.CopyTo(new Span<byte>(_slots + (nuint)index * GhostAbi.SlotSize + GhostAbi.SlotSize, payload.Length));
        Volatile.Write(ref Head, head + skipped + needed);
        return true;
    }

    private void WriteHeader(uint index, GhostMessageType type, ushort length, uint seqnum)
    {
        byte* slot = _slots + (nuint)index * GhostAbi.SlotSize;
        Unsafe.WriteUnaligned(slot, new GhostMessageHeader { Type = (ushort)type, Length = length, Seqnum = seqnum });
    }
}
