using System.Runtime.InteropServices;

namespace AlpsGhost.Linux.Native;

/// <summary>The kernel's <c>struct sched_attr</c> (uapi linux/sched/types.h), 56 bytes with the utilization clamps.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SchedAttr
{
    /// <summary>Size of the struct as passed to the kernel.</summary>
    public const int Size56 = 56;

    /// <summary><c>size</c>.</summary>
    public uint Size;

    /// <summary><c>sched_policy</c> (see <see cref="KernelPolicies"/>).</summary>
    public uint Policy;

    /// <summary><c>sched_flags</c>.</summary>
    public ulong Flags;

    /// <summary><c>sched_nice</c>.</summary>
    public int Nice;

    /// <summary><c>sched_priority</c> (1..99 for SCHED_FIFO/RR, 0 otherwise).</summary>
    public uint Priority;

    /// <summary><c>sched_runtime</c> (SCHED_DEADLINE only).</summary>
    public ulong Runtime;

    /// <summary><c>sched_deadline</c> (SCHED_DEADLINE only).</summary>
    public ulong Deadline;

    /// <summary><c>sched_period</c> (SCHED_DEADLINE only).</summary>
    public ulong Period;

    /// <summary><c>sched_util_min</c>.</summary>
    public uint UtilMin;

    /// <summary><c>sched_util_max</c>.</summary>
    public uint UtilMax;
}

/// <summary>Linux scheduling policy numbers and flags (uapi linux/sched.h).</summary>
public static class KernelPolicies
{
    /// <summary>SCHED_OTHER: the fair class.</summary>
    public const int Other = 0;

    /// <summary>SCHED_FIFO.</summary>
    public const int Fifo = 1;

    /// <summary>SCHED_RR.</summary>
    public const int RoundRobin = 2;

    /// <summary>SCHED_FLAG_RESET_ON_FORK: children start in SCHED_OTHER at nice 0.</summary>
    public const ulong ResetOnFork = 0x01;

    /// <summary>Highest real-time priority.</summary>
    public const int MaxRtPriority = 99;
}
