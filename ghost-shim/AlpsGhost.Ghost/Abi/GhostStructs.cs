using System.Runtime.InteropServices;

namespace AlpsGhost.Ghost.Abi;

// Shared-memory structs, laid out byte for byte as the kernel's (x86-64). Field names follow the
// uapi header. Offsets are pinned by tests against the C compiler's view (ghost-shim/native).

/// <summary><c>struct ghost_msg</c> header: 8 bytes, the payload follows immediately.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
public struct GhostMessageHeader
{
    /// <summary><c>type</c>.</summary>
    [FieldOffset(0)] public ushort Type;
    /// <summary><c>length</c>: bytes including this header.</summary>
    [FieldOffset(2)] public ushort Length;
    /// <summary><c>seqnum</c>: the task's barrier (task messages) or the agent barrier (CPU messages).</summary>
    [FieldOffset(4)] public uint Seqnum;
}

/// <summary><c>struct ghost_sw_info</c>: where a status word lives.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
public struct GhostSwInfo : IEquatable<GhostSwInfo>
{
    /// <summary><c>id</c> of the status-word region.</summary>
    [FieldOffset(0)] public uint Id;
    /// <summary><c>index</c> inside the region.</summary>
    [FieldOffset(4)] public uint Index;

    /// <summary>Creates a status word location.</summary>
    public GhostSwInfo(uint id, uint index) { Id = id; Index = index; }

    /// <inheritdoc/>
    public readonly bool Equals(GhostSwInfo other) => Id == other.Id && Index == other.Index;
    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is GhostSwInfo o && Equals(o);
    /// <inheritdoc/>
    public override readonly int GetHashCode() => HashCode.Combine(Id, Index);
    /// <summary>Equality.</summary>
    public static bool operator ==(GhostSwInfo a, GhostSwInfo b) => a.Equals(b);
    /// <summary>Inequality.</summary>
    public static bool operator !=(GhostSwInfo a, GhostSwInfo b) => !a.Equals(b);
}

/// <summary><c>struct ghost_status_word</c>: 32 bytes, written by the kernel, read in place by the agent.</summary>
/// <remarks>The kernel stores <see cref="Flags"/> and <see cref="Barrier"/> with release; read them with acquire.</remarks>
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct GhostStatusWord
{
    /// <summary><c>barrier</c>: the task's (or agent's) message sequence counter.</summary>
    [FieldOffset(0)] public uint Barrier;
    /// <summary><c>flags</c>: <see cref="StatusWordFlags"/>.</summary>
    [FieldOffset(4)] public uint Flags;
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(8)] public long Gtid;
    /// <summary><c>switch_time</c>: CLOCK_MONOTONIC ns when it last went on a CPU.</summary>
    [FieldOffset(16)] public long SwitchTime;
    /// <summary><c>runtime</c>: cumulative CPU time in ns.</summary>
    [FieldOffset(24)] public ulong Runtime;
}

/// <summary><c>struct ghost_txn</c>: 64 bytes, one per CPU inside <c>ghost_cpu_data</c>.</summary>
/// <remarks>
/// The agent fills the fields and stores <see cref="State"/> = READY last (release); the kernel stores
/// <see cref="CommitTime"/> and then the final state (release).
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 64)]
public struct GhostTxn
{
    /// <summary><c>version</c>: must be <see cref="GhostAbi.TxnVersion"/>.</summary>
    [FieldOffset(0)] public int Version;
    /// <summary><c>cpu</c> (read-only for the agent).</summary>
    [FieldOffset(4)] public int Cpu;
    /// <summary><c>state</c>: a <see cref="GhostTxnState"/> or a claiming CPU.</summary>
    [FieldOffset(8)] public int State;
    /// <summary><c>agent_barrier</c>.</summary>
    [FieldOffset(12)] public uint AgentBarrier;
    /// <summary><c>task_barrier</c>.</summary>
    [FieldOffset(16)] public uint TaskBarrier;
    /// <summary><c>run_flags</c>: <see cref="RunFlags"/>.</summary>
    [FieldOffset(20)] public ushort RunFlags;
    /// <summary><c>commit_flags</c>: <see cref="CommitFlags"/>.</summary>
    [FieldOffset(22)] public byte CommitFlags;
    /// <summary><c>unused</c>.</summary>
    [FieldOffset(23)] public byte Unused;
    /// <summary><c>gtid</c> to run (or a special gtid).</summary>
    [FieldOffset(24)] public long Gtid;
    /// <summary><c>commit_time</c>: CLOCK_MONOTONIC ns of the commit.</summary>
    [FieldOffset(32)] public long CommitTime;
    /// <summary><c>cpu_seqnum</c>.</summary>
    [FieldOffset(40)] public ulong CpuSeqnum;
    /// <summary><c>u.sync_group_owner</c>.</summary>
    [FieldOffset(48)] public int SyncGroupOwner;
}

/// <summary><c>struct ghost_queue_header</c>: at offset 0 of a queue mapping.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
public struct GhostQueueHeader
{
    /// <summary><c>version</c>.</summary>
    [FieldOffset(0)] public uint Version;
    /// <summary><c>start</c>: offset of the ring from the start of the mapping.</summary>
    [FieldOffset(4)] public uint Start;
    /// <summary><c>nelems</c>: number of 8-byte slots (a power of two).</summary>
    [FieldOffset(8)] public uint Nelems;
}

/// <summary><c>struct ghost_ring</c> header: <c>head</c>, <c>tail</c>, <c>overflow</c>; slots follow at +12.</summary>
[StructLayout(LayoutKind.Explicit, Size = 12)]
public struct GhostRingHeader
{
    /// <summary><c>head</c>: free-running producer index (slots).</summary>
    [FieldOffset(0)] public uint Head;
    /// <summary><c>tail</c>: free-running consumer index (slots).</summary>
    [FieldOffset(4)] public uint Tail;
    /// <summary><c>overflow</c>: messages dropped because the ring was full.</summary>
    [FieldOffset(8)] public uint Overflow;
}

/// <summary><c>struct ghost_sw_region_header</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
public struct GhostSwRegionHeader
{
    /// <summary><c>version</c>.</summary>
    [FieldOffset(0)] public uint Version;
    /// <summary><c>id</c>.</summary>
    [FieldOffset(4)] public uint Id;
    /// <summary><c>numa_node</c>.</summary>
    [FieldOffset(8)] public uint NumaNode;
    /// <summary><c>start</c>: offset of the first status word.</summary>
    [FieldOffset(12)] public uint Start;
    /// <summary><c>capacity</c>: number of status words.</summary>
    [FieldOffset(16)] public uint Capacity;
    /// <summary><c>available</c>: free status words.</summary>
    [FieldOffset(20)] public uint Available;
}
