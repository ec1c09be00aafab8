namespace AlpsGhost.Ghost.Abi;

/// <summary>
/// Constants of the ghOSt kernel ABI (uapi <c>ghost.h</c>), named after the kernel's macros.
/// </summary>
/// <remarks>
/// ABI 90 and 91 share every struct; 84 differs only in payloads that later versions extended at the
/// end (TASK_NEW without <c>agent_data</c>, TASK_DEAD without <c>cpu</c>, CPU_TICK without
/// <c>is_agent</c>). Decoders must therefore honour each message's <c>length</c>.
/// </remarks>
public static class GhostAbi
{
    /// <summary>ABI versions this project speaks, newest first.</summary>
    public static ReadOnlySpan<int> SupportedVersions => [91, 90, 84];

    /// <summary>The version we compile against by default (<c>GHOST_VERSION</c> of abi/latest).</summary>
    public const int LatestVersion = 91;

    /// <summary>Whether <paramref name="version"/> is one this project can decode and drive.</summary>
    public static bool IsSupported(int version) => version is 84 or 90 or 91;

    /// <summary><c>SCHED_GHOST</c> policy number.</summary>
    public const int SchedGhost = 18;

    /// <summary><c>GHOST_MAX_QUEUE_ELEMS</c>.</summary>
    public const int MaxQueueElements = 65536;

    /// <summary><c>GHOST_QUEUE_VERSION</c>, <c>GHOST_SW_REGION_VERSION</c>, <c>GHOST_TXN_VERSION</c>: all 0.</summary>
    public const uint QueueVersion = 0, StatusWordRegionVersion = 0, TxnVersion = 0;

    /// <summary><c>GHOST_MAX_WINFO</c>: at most two wakeup targets per queue.</summary>
    public const int MaxWakeupInfo = 2;

    /// <summary>Special gtids (<c>GHOST_NULL_GTID</c>, <c>GHOST_AGENT_GTID</c>, <c>GHOST_IDLE_GTID</c>).</summary>
    public const long NullGtid = 0, AgentGtid = -1, IdleGtid = -2;

    /// <summary>Bytes per message slot in a queue ring.</summary>
    public const int SlotSize = 8;

    /// <summary>Size of <c>struct ghost_queue_header</c> (cache-line aligned).</summary>
    public const int QueueHeaderSize = 64;

    /// <summary>Size of the ring's <c>head</c>, <c>tail</c> and <c>overflow</c> words before the slots.</summary>
    public const int RingHeaderSize = 12;

    /// <summary>Size of <c>struct ghost_sw_region_header</c>.</summary>
    public const int StatusWordRegionHeaderSize = 64;

    /// <summary>Bytes each CPU's <c>ghost_cpu_data</c> occupies in the <c>cpu_data</c> mapping (one page).</summary>
    public const int CpuDataStride = 4096;

    /// <summary>
    /// gtid layout: <c>(pid &lt;&lt; SEQNUM_BITS) | seqnum</c>; with PID_MAX_LIMIT 4194304 that is 41 seqnum bits.
    /// </summary>
    public const int GtidSeqnumBits = 41;

    /// <summary>Kernel's <c>PID_MAX_LIMIT</c>: every thread id is below it, which is what lets a tid fit above the
    /// <see cref="GtidSeqnumBits"/> in a positive 64-bit gtid (2^22 = 2^(63 - 41)).</summary>
    public const int PidMaxLimit = 1 << (63 - GtidSeqnumBits);

    /// <summary>The thread id encoded in a gtid.</summary>
    public static int TidOf(long gtid) => (int)(gtid >> GtidSeqnumBits);

    /// <summary><c>GHOST_ASSOC_SF_ALREADY</c> and <c>GHOST_ASSOC_SF_BRAND_NEW</c>.</summary>
    public const int AssocAlready = 1, AssocBrandNew = 2;

    /// <summary>Bytes needed to map a queue of <paramref name="elements"/> slots, before page alignment.</summary>
    public static int QueueBytes(int elements) => QueueHeaderSize + RingHeaderSize + elements * SlotSize;
}
