using System.Runtime.InteropServices;

namespace AlpsGhost.Ghost.Abi;

// Message payloads (struct ghost_msg_payload_*) at their ABI 90/91 sizes. Older ABIs write a prefix
// of some of them (see GhostMessageTypes.PayloadSize); GhostMessage.ReadPayload zero-fills the rest.
// In the ring a payload is only 4-byte aligned: never take a ref into the ring, copy it out.

/// <summary><c>ghost_msg_payload_task_new</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
public struct TaskNewPayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
    /// <summary><c>parent_gtid</c> (ABI 77+).</summary>
    [FieldOffset(8)] public long ParentGtid;
    /// <summary><c>runtime</c> ns.</summary>
    [FieldOffset(16)] public ulong Runtime;
    /// <summary><c>runnable</c>: non-zero if the task is queued.</summary>
    [FieldOffset(24)] public ushort Runnable;
    /// <summary><c>nice</c> (ABI 75+).</summary>
    [FieldOffset(28)] public int Nice;
    /// <summary><c>sw_info</c>.</summary>
    [FieldOffset(32)] public GhostSwInfo SwInfo;
    /// <summary><c>agent_data</c> (ABI 88+).</summary>
    [FieldOffset(40)] public ulong AgentData;
}

/// <summary><c>ghost_msg_payload_task_dead</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct TaskDeadPayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
    /// <summary><c>cpu</c> (ABI 89+; zero-filled before).</summary>
    [FieldOffset(8)] public int Cpu;
}

/// <summary><c>ghost_msg_payload_task_blocked</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct TaskBlockedPayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
    /// <summary><c>runtime</c> ns.</summary>
    [FieldOffset(8)] public ulong Runtime;
    /// <summary><c>cpu_seqnum</c>.</summary>
    [FieldOffset(16)] public ulong CpuSeqnum;
    /// <summary><c>cpu</c>.</summary>
    [FieldOffset(24)] public int Cpu;
    /// <summary><c>from_switchto</c>.</summary>
    [FieldOffset(28)] public byte FromSwitchto;
}

/// <summary><c>ghost_msg_payload_task_wakeup</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct TaskWakeupPayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
    /// <summary><c>agent_data</c>.</summary>
    [FieldOffset(8)] public ulong AgentData;
    /// <summary><c>deferrable</c>.</summary>
    [FieldOffset(16)] public byte Deferrable;
    /// <summary><c>last_ran_cpu</c>.</summary>
    [FieldOffset(20)] public int LastRanCpu;
    /// <summary><c>wake_up_cpu</c>.</summary>
    [FieldOffset(24)] public int WakeUpCpu;
    /// <summary><c>waker_cpu</c>.</summary>
    [FieldOffset(28)] public int WakerCpu;
}

/// <summary><c>ghost_msg_payload_task_preempt</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
public struct TaskPreemptPayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
    /// <summary><c>runtime</c> ns.</summary>
    [FieldOffset(8)] public ulong Runtime;
    /// <summary><c>cpu_seqnum</c>.</summary>
    [FieldOffset(16)] public ulong CpuSeqnum;
    /// <summary><c>agent_data</c>.</summary>
    [FieldOffset(24)] public ulong AgentData;
    /// <summary><c>cpu</c>.</summary>
    [FieldOffset(32)] public int Cpu;
    /// <summary><c>from_switchto</c>.</summary>
    [FieldOffset(36)] public byte FromSwitchto;
    /// <summary><c>was_latched</c>: displaced before it ever ran.</summary>
    [FieldOffset(37)] public byte WasLatched;
}

/// <summary><c>ghost_msg_payload_task_yield</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
public struct TaskYieldPayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
    /// <summary><c>runtime</c> ns.</summary>
    [FieldOffset(8)] public ulong Runtime;
    /// <summary><c>cpu_seqnum</c>.</summary>
    [FieldOffset(16)] public ulong CpuSeqnum;
    /// <summary><c>agent_data</c>.</summary>
    [FieldOffset(24)] public ulong AgentData;
    /// <summary><c>cpu</c>.</summary>
    [FieldOffset(32)] public int Cpu;
    /// <summary><c>from_switchto</c>.</summary>
    [FieldOffset(36)] public byte FromSwitchto;
}

/// <summary><c>ghost_msg_payload_task_departed</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
public struct TaskDepartedPayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
    /// <summary><c>cpu_seqnum</c>.</summary>
    [FieldOffset(8)] public ulong CpuSeqnum;
    /// <summary><c>cpu</c>.</summary>
    [FieldOffset(16)] public int Cpu;
    /// <summary><c>from_switchto</c>.</summary>
    [FieldOffset(20)] public byte FromSwitchto;
    /// <summary><c>was_current</c>.</summary>
    [FieldOffset(21)] public byte WasCurrent;
}

/// <summary><c>ghost_msg_payload_task_switchto</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct TaskSwitchtoPayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
    /// <summary><c>runtime</c> ns.</summary>
    [FieldOffset(8)] public ulong Runtime;
    /// <summary><c>cpu_seqnum</c>.</summary>
    [FieldOffset(16)] public ulong CpuSeqnum;
    /// <summary><c>cpu</c>.</summary>
    [FieldOffset(24)] public int Cpu;
}

/// <summary><c>ghost_msg_payload_task_affinity_changed</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
public struct TaskAffinityChangedPayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
}

/// <summary><c>ghost_msg_payload_task_on_cpu</c> (<c>task_latched</c> up to ABI 77).</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct TaskOnCpuPayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
    /// <summary><c>commit_time</c> ns.</summary>
    [FieldOffset(8)] public ulong CommitTime;
    /// <summary><c>cpu_seqnum</c>.</summary>
    [FieldOffset(16)] public ulong CpuSeqnum;
    /// <summary><c>cpu</c>.</summary>
    [FieldOffset(24)] public int Cpu;
}

/// <summary><c>ghost_msg_payload_task_priority_changed</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct TaskPriorityChangedPayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
    /// <summary><c>nice</c>.</summary>
    [FieldOffset(8)] public int Nice;
}

/// <summary><c>ghost_msg_payload_task_latch_failure</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct TaskLatchFailurePayload
{
    /// <summary><c>gtid</c>.</summary>
    [FieldOffset(0)] public long Gtid;
    /// <summary><c>errno</c>.</summary>
    [FieldOffset(8)] public int Errno;
}

/// <summary><c>ghost_msg_payload_cpu_tick</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
public struct CpuTickPayload
{
    /// <summary><c>cpu</c>.</summary>
    [FieldOffset(0)] public int Cpu;
    /// <summary><c>is_agent</c> (ABI 90+).</summary>
    [FieldOffset(4)] public int IsAgent;
}

/// <summary><c>ghost_msg_payload_timer</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
public struct CpuTimerExpiredPayload
{
    /// <summary><c>cpu</c>.</summary>
    [FieldOffset(0)] public int Cpu;
    /// <summary><c>type</c>.</summary>
    [FieldOffset(8)] public ulong Type;
    /// <summary><c>cookie</c>.</summary>
    [FieldOffset(16)] public ulong Cookie;
}

/// <summary><c>ghost_msg_payload_cpu_not_idle</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct CpuNotIdlePayload
{
    /// <summary><c>cpu</c>.</summary>
    [FieldOffset(0)] public int Cpu;
    /// <summary><c>next_gtid</c>.</summary>
    [FieldOffset(8)] public long NextGtid;
}

/// <summary>Payload of CPU_AVAILABLE, CPU_BUSY, CPU_AGENT_BLOCKED and CPU_AGENT_WAKEUP.</summary>
[StructLayout(LayoutKind.Explicit, Size = 4)]
public struct CpuPayload
{
    /// <summary><c>cpu</c>.</summary>
    [FieldOffset(0)] public int Cpu;
}
