using System.Runtime.CompilerServices;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Ghost.Regions;

/// <summary>
/// A status-word region (<c>sw_regions/sw_&lt;id&gt;</c>), read in place: a 64-byte header, then
/// 32-byte <c>ghost_status_word</c>s from <c>start</c>.
/// </summary>
/// <remarks>The agent maps it read-only; only the kernel (real or simulated) writes it.</remarks>
public sealed unsafe class StatusWordRegion
{
    private readonly byte* _words;

    /// <summary>Wraps a mapped region.</summary>
    /// <exception cref="ArgumentException">The header does not fit the mapping.</exception>
    public StatusWordRegion(byte* mapping, nuint mappingLength)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (mappingLength < GhostAbi.StatusWordRegionHeaderSize)
        {
            throw new ArgumentException($"status-word mapping of {mappingLength} bytes is smaller than its header", nameof(mappingLength));
        }
        ref GhostSwRegionHeader header = ref Unsafe.AsRef<GhostSwRegionHeader>(mapping);
        ulong needed = header.Start + (ulong)header.Capacity * (ulong)sizeof(GhostStatusWord);
        if (header.Start < GhostAbi.StatusWordRegionHeaderSize || needed > mappingLength)
        {
            throw new ArgumentException($"status-word region (start {header.Start}, capacity {header.Capacity}) needs {needed} bytes, mapping has {mappingLength}", nameof(mappingLength));
        }
        Id = header.Id;
        Capacity = header.Capacity;
        _words = mapping + header.Start;
    }

    /// <summary>Region id.</summary>
    public uint Id { get; }

    /// <summary>Number of status words.</summary>
    public uint Capacity { get; }

    /// <summary>Whether <paramref name="info"/> names a word of this region.</summary>
    public bool Contains(GhostSwInfo info) => info.Id == Id && info.Index < Capacity;

    /// <summary>The status word at <paramref name="index"/>, in place.</summary>
    public ref readonly GhostStatusWord this[uint index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (index >= Capacity)
            {
                ThrowIndex(index);
            }
            return ref Unsafe.AsRef<GhostStatusWord>(_words + (nuint)index * 32);
        }
    }

    /// <summary>Acquire-reads a word's barrier.</summary>
    public uint ReadBarrier(uint index) => Volatile.Read(ref Unsafe.AsRef(in this[index].Barrier));

    /// <summary>Acquire-reads a word's flags.</summary>
    public StatusWordFlags ReadFlags(uint index) => (StatusWordFlags)Volatile.Read(ref Unsafe.AsRef(in this[index].Flags));

    /// <summary>
    /// Writable access, only for the owner of the memory (the simulated kernel, tests): a real
    /// kernel's region is mapped read-only and writing it faults.
    /// </summary>
    public ref GhostStatusWord Writable(uint index) => ref Unsafe.AsRef(in this[index]);

    /// <summary>Writes an empty region header; used by the simulated kernel and tests.</summary>
    public static void Initialize(byte* mapping, uint id, uint capacity)
    {
        new Span<byte>(mapping, checked((int)(GhostAbi.StatusWordRegionHeaderSize + capacity * 32))).Clear();
        ref GhostSwRegionHeader header = ref Unsafe.AsRef<GhostSwRegionHeader>(mapping);
        header.Version = GhostAbi.StatusWordRegionVersion;
        header.Id = id;
        header.Start = GhostAbi.StatusWordRegionHeaderSize;
        header.Capacity = capacity;
        header.Available = capacity;
    }

    /// <summary>Bytes a region of <paramref name="capacity"/> words needs.</summary>
    public static int BytesFor(uint capacity) => checked((int)(GhostAbi.StatusWordRegionHeaderSize + capacity * 32));

    private static void ThrowIndex(uint index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "status word index beyond the region's capacity");
}
