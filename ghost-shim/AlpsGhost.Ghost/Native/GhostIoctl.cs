using System.Runtime.CompilerServices;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Ghost.Native;

/// <summary>
/// ghOSt ioctl request numbers, computed as Linux's <c>_IO/_IOW/_IOWR</c> do on x86-64
/// (<c>dir &lt;&lt; 30 | size &lt;&lt; 16 | 'g' &lt;&lt; 8 | nr</c>) from the sizes of our argument mirrors.
/// </summary>
public static class GhostIoctl
{
    private const uint Magic = 'g';
    private const uint DirNone = 0, DirWrite = 1, DirRead = 2;

    /// <summary><c>TIMERFD_GHOST_ENABLED</c>.</summary>
    public const int TimerfdGhostEnabled = 1;

    /// <summary><c>_IOC(dir, 'g', nr, size)</c>.</summary>
    public static uint Encode(uint direction, uint number, int size) =>
        direction << 30 | (uint)size << 16 | Magic << 8 | number;

    /// <summary><c>GHOST_IOC_NULL</c>.</summary>
    public static uint Null => Encode(DirNone, 0, 0);
    /// <summary><c>GHOST_IOC_SW_GET_INFO</c>.</summary>
    public static uint SwGetInfo => Encode(DirRead | DirWrite, 1, Unsafe.SizeOf<GhostIocSwGetInfo>());
    /// <summary><c>GHOST_IOC_SW_FREE</c>.</summary>
    public static uint SwFree => Encode(DirWrite, 2, Unsafe.SizeOf<GhostSwInfo>());
    /// <summary><c>GHOST_IOC_CREATE_QUEUE</c>.</summary>
    public static uint CreateQueue => Encode(DirRead | DirWrite, 3, Unsafe.SizeOf<GhostIocCreateQueue>());
    /// <summary><c>GHOST_IOC_ASSOC_QUEUE</c>.</summary>
    public static uint AssocQueue => Encode(DirWrite, 4, Unsafe.SizeOf<GhostIocAssocQueue>());
    /// <summary><c>GHOST_IOC_SET_DEFAULT_QUEUE</c>.</summary>
    public static uint SetDefaultQueue => Encode(DirWrite, 5, Unsafe.SizeOf<GhostIocSetDefaultQueue>());
    /// <summary><c>GHOST_IOC_CONFIG_QUEUE_WAKEUP</c>.</summary>
    public static uint ConfigQueueWakeup => Encode(DirWrite, 6, Unsafe.SizeOf<GhostIocConfigQueueWakeup>());
    /// <summary><c>GHOST_IOC_GET_CPU_TIME</c>.</summary>
    public static uint GetCpuTime => Encode(DirRead | DirWrite, 7, Unsafe.SizeOf<GhostIocGetCpuTime>());
    /// <summary><c>GHOST_IOC_COMMIT_TXN</c>.</summary>
    public static uint CommitTxn => Encode(DirWrite, 8, Unsafe.SizeOf<GhostIocCommitTxn>());
    /// <summary><c>GHOST_IOC_SYNC_GROUP_TXN</c>.</summary>
    public static uint SyncGroupTxn => Encode(DirWrite, 9, Unsafe.SizeOf<GhostIocCommitTxn>());
    /// <summary><c>GHOST_IOC_TIMERFD_SETTIME</c>.</summary>
    public static uint TimerfdSettime => Encode(DirRead | DirWrite, 10, Unsafe.SizeOf<GhostIocTimerfdSettime>());
    /// <summary><c>GHOST_IOC_RUN</c>.</summary>
    public static uint Run => Encode(DirWrite, 11, Unsafe.SizeOf<GhostIocRun>());
}
