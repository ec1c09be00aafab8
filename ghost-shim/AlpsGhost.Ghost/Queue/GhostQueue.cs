using System.Runtime.CompilerServices;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Ghost.Queue;

/// <summary>
/// The consumer side of a ghOSt message queue, read in place from a mapping laid out exactly as the
/// kernel's: <c>ghost_queue_header</c> at 0, the ring at <c>start</c>, slot <c>i</c> at
/// <c>start + 12 + 8 * i</c> (76 + 8i for the kernel's start of 64).
/// </summary>
/// <remarks>
/// Head and tail are free-running u32 slot indices masked with <c>nelems - 1</c>. The producer never
/// splits a message across the end of the ring: it pads with <c>MSG_NOP</c> instead, which the
/// consumer returns like any other message (dispatch ignores it). Reads are allocation-free; only
/// one thread may consume.
/// </remarks>
public sealed unsafe class GhostQueue
{
    private readonly byte* _ring;
    private readonly byte* _slots;
    private readonly uint _nelems;
    private readonly uint _mask;

    /// <summary>Wraps a queue mapping.</summary>
    /// <param name="mapping">Start of the mapping (the queue header).</param>
    /// <param name="mappingLength">Bytes mapped.</param>
    /// <exception cref="ArgumentException">The header does not describe a ring that fits the mapping.</exception>
    public GhostQueue(byte* mapping, nuint mappingLength)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (mappingLength < GhostAbi.QueueHeaderSize + GhostAbi.RingHeaderSize)
        {
            throw new ArgumentException($"queue mapping of {mappingLength} bytes is smaller than its headers", nameof(mappingLength));
        }
        ref GhostQueueHeader header = ref Unsafe.AsRef<GhostQueueHeader>(mapping);
        if (header.Version != GhostAbi.QueueVersion)
        {
            throw new ArgumentException($"queue header version is {header.Version}, expected {GhostAbi.QueueVersion}", nameof(mapping));
        }
        uint n = header.Nelems;
        if (n == 0 || (n & (n - 1)) != 0 || n > GhostAbi.MaxQueueElements)
        {
            throw new ArgumentException($"queue nelems is {n}, expected a power of two <= {GhostAbi.MaxQueueElements}", nameof(mapping));
        }
        ulong needed = (ulong)header.Start + GhostAbi.RingHeaderSize + (ulong)n * GhostAbi.SlotSize;
        if (header.Start < GhostAbi.QueueHeaderSize || needed > mappingLength)
        {
            throw new ArgumentException($"queue ring (start {header.Start}, {n} slots) needs {needed} bytes, mapping has {mappingLength}", nameof(mappingLength));
        }
        _ring = mapping + header.Start;
        _slots = _ring + GhostAbi.RingHeaderSize;
        _nelems = n;
        _mask = n - 1;
    }

    /// <summary>Number of 8-byte slots.</summary>
    public uint Capacity => _nelems;

    private ref uint Head => ref Unsafe.AsRef<uint>(_ring);
    private ref uint Tail => ref Unsafe.AsRef<uint>(_ring + 4);
    private ref uint OverflowWord => ref Unsafe.AsRef<uint>(_ring + 8);

    /// <summary>Messages the producer dropped because the ring was full (never reset by the kernel).</summary>
    public uint Overflow => Volatile.Read(ref OverflowWord);

    /// <summary>Whether no message is waiting.</summary>
    public bool IsEmpty => Volatile.Read(ref Head) == Volatile.Read(ref Tail);

    /// <summary>Looks at the message at the tail without consuming it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public QueueReadStatus TryPeek(out GhostMessage message)
    {
        uint tail = Volatile.Read(ref Tail);
        uint head = Volatile.Read(ref Head);
        if (head == tail)
        {
            message = default;
            return QueueReadStatus.Empty;
        }
        uint pending = head - tail;
        uint index = tail & _mask;
        if (pending > _nelems)
        {
            message = default;
            return QueueReadStatus.Corrupt;
        }
        byte* slot = _slots + (nuint)index * GhostAbi.SlotSize;
        ushort length = Unsafe.ReadUnaligned<ushort>(slot + 2);
        uint slots = ((uint)length + GhostAbi.SlotSize - 1) / GhostAbi.SlotSize;
        if (length < GhostAbi.SlotSize || slots > pending || index + slots > _nelems)
        {
            message = default;
            return QueueReadStatus.Corrupt;
        }
        message = new GhostMessage(new ReadOnlySpan<byte>(slot, (int)(slots * GhostAbi.SlotSize)), tail);
        return QueueReadStatus.Message;
    }

    /// <summary>Releases the slots of <paramref name="message"/> back to the producer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Consume(in GhostMessage message) =>
        Volatile.Write(ref Tail, message.SlotIndex + (uint)message.Slots);

    /// <summary>
    /// Drops every pending message after a <see cref="QueueReadStatus.Corrupt"/> read and returns
    /// how many slots were skipped. The agent then re-reads every task's status word.
    /// </summary>
    public uint SkipToHead()
    {
        uint head = Volatile.Read(ref Head);
        uint tail = Volatile.Read(ref Tail);
        Volatile.Write(ref Tail, head);
        return head - tail;
    }
}
