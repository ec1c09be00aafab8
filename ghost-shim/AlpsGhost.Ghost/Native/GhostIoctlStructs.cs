using System.Runtime.InteropServices;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Ghost.Native;

// Managed mirrors of the uapi's ioctl argument structs and the few shared structs the Abi folder
// does not define. They are LayoutKind.Sequential on purpose: the C# compiler/runtime computes
// their padding like the C compiler does, and AbiSelfCheck compares the two field by field.
// The native shim builds the real ioctl arguments in C; these mirrors document and pin the layout
// (and let the ABI table be produced without the native library).

/// <summary><c>enum ghost_type</c>: what a <see cref="GhostMsgSrc"/> names.</summary>
public enum GhostType
{
    /// <summary><c>GHOST_AGENT</c>: <c>arg</c> is a CPU.</summary>
    Agent = 0,
    /// <summary><c>GHOST_TASK</c>: <c>arg</c> is a gtid.</summary>
    Task = 1,
}

/// <summary><c>struct ghost_msg_src</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GhostMsgSrc
{
    /// <summary><c>type</c> (<see cref="GhostType"/>).</summary>
    public int Type;
    /// <summary><c>arg</c>: CPU or gtid.</summary>
    public ulong Arg;
}

/// <summary><c>struct ghost_agent_wakeup</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GhostAgentWakeup
{
    /// <summary><c>cpu</c>.</summary>
    public int Cpu;
    /// <summary><c>prio</c> (must be 0).</summary>
    public int Prio;
}

/// <summary><c>struct timerfd_ghost</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TimerfdGhost
{
    /// <summary><c>cpu</c>.</summary>
    public int Cpu;
    /// <summary><c>flags</c>.</summary>
    public int Flags;
    /// <summary><c>type</c>.</summary>
    public ulong Type;
    /// <summary><c>cookie</c>.</summary>
    public ulong Cookie;
}

/// <summary><c>struct ghost_ioc_sw_get_info</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GhostIocSwGetInfo
{
    /// <summary><c>request</c>.</summary>
    public GhostMsgSrc Request;
    /// <summary><c>response</c>.</summary>
    public GhostSwInfo Response;
}

/// <summary><c>struct ghost_ioc_create_queue</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GhostIocCreateQueue
{
    /// <summary><c>elems</c>.</summary>
    public int Elems;
    /// <summary><c>node</c>.</summary>
    public int Node;
    /// <summary><c>flags</c>.</summary>
    public int Flags;
    /// <summary><c>mapsize</c> (written by the kernel).</summary>
    public ulong Mapsize;
}

/// <summary><c>struct ghost_ioc_assoc_queue</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GhostIocAssocQueue
{
    /// <summary><c>fd</c>.</summary>
    public int Fd;
    /// <summary><c>src</c>.</summary>
    public GhostMsgSrc Src;
    /// <summary><c>barrier</c>.</summary>
    public uint Barrier;
    /// <summary><c>flags</c>.</summary>
    public int Flags;
}

/// <summary><c>struct ghost_ioc_set_default_queue</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GhostIocSetDefaultQueue
{
    /// <summary><c>fd</c>.</summary>
    public int Fd;
}

/// <summary><c>struct ghost_ioc_config_queue_wakeup</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct GhostIocConfigQueueWakeup
{
    /// <summary><c>qfd</c>.</summary>
    public int Qfd;
    /// <summary><c>w</c>.</summary>
    public GhostAgentWakeup* W;
    /// <summary><c>ninfo</c>.</summary>
    public int Ninfo;
    /// <summary><c>flags</c>.</summary>
    public int Flags;
}

/// <summary><c>struct ghost_ioc_get_cpu_time</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GhostIocGetCpuTime
{
    /// <summary><c>gtid</c>.</summary>
    public long Gtid;
    /// <summary><c>runtime</c>.</summary>
    public ulong Runtime;
}

/// <summary><c>struct ghost_ioc_commit_txn</c> (also the SYNC_GROUP_TXN argument).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct GhostIocCommitTxn
{
    /// <summary><c>mask_ptr</c> (a <c>cpu_set_t*</c>).</summary>
    public void* MaskPtr;
    /// <summary><c>mask_len</c>.</summary>
    public uint MaskLen;
    /// <summary><c>flags</c>.</summary>
    public int Flags;
}

/// <summary><c>struct ghost_ioc_timerfd_settime</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct GhostIocTimerfdSettime
{
    /// <summary><c>timerfd</c>.</summary>
    public int Timerfd;
    /// <summary><c>flags</c>.</summary>
    public int Flags;
    /// <summary><c>in_tmr</c>.</summary>
    public void* InTmr;
    /// <summary><c>out_tmr</c>.</summary>
    public void* OutTmr;
    /// <summary><c>timerfd_ghost</c>.</summary>
    public TimerfdGhost TimerfdGhost;
}

/// <summary><c>struct ghost_ioc_run</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GhostIocRun
{
    /// <summary><c>gtid</c>.</summary>
    public long Gtid;
    /// <summary><c>agent_barrier</c>.</summary>
    public uint AgentBarrier;
    /// <summary><c>task_barrier</c>.</summary>
    public uint TaskBarrier;
    /// <summary><c>run_cpu</c>.</summary>
    public int RunCpu;
    /// <summary><c>run_flags</c>.</summary>
    public int RunFlags;
}

/// <summary><c>struct ghost_cpu_data</c>: one page per CPU holding its transaction.</summary>
[StructLayout(LayoutKind.Explicit, Size = GhostAbi.CpuDataStride)]
public struct GhostCpuData
{
    /// <summary><c>txn</c>.</summary>
    [FieldOffset(0)] public GhostTxn Txn;
}
