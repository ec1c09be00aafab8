namespace AlpsGhost.Ghost.Abi;

/// <summary>Message types (<c>MSG_*</c> in the kernel header).</summary>
/// <remarks>Task messages are 64..127, CPU messages 128..191, <c>MSG_NOP</c> is ring padding.</remarks>
public enum GhostMessageType : ushort
{
    /// <summary><c>MSG_NOP</c>: padding written at the end of the ring when a message does not fit.</summary>
    Nop = 0,

    /// <summary><c>MSG_TASK_DEAD</c>.</summary>
    TaskDead = 64,
    /// <summary><c>MSG_TASK_BLOCKED</c>.</summary>
    TaskBlocked = 65,
    /// <summary><c>MSG_TASK_WAKEUP</c>.</summary>
    TaskWakeup = 66,
    /// <summary><c>MSG_TASK_NEW</c>.</summary>
    TaskNew = 67,
    /// <summary><c>MSG_TASK_PREEMPT</c>.</summary>
    TaskPreempt = 68,
    /// <summary><c>MSG_TASK_YIELD</c>.</summary>
    TaskYield = 69,
    /// <summary><c>MSG_TASK_DEPARTED</c>.</summary>
    TaskDeparted = 70,
    /// <summary><c>MSG_TASK_SWITCHTO</c>.</summary>
    TaskSwitchto = 71,
    /// <summary><c>MSG_TASK_AFFINITY_CHANGED</c>.</summary>
    TaskAffinityChanged = 72,
    /// <summary><c>MSG_TASK_ON_CPU</c> (named <c>MSG_TASK_LATCHED</c> up to ABI 77).</summary>
    TaskOnCpu = 73,
    /// <summary><c>MSG_TASK_PRIORITY_CHANGED</c> (ABI 75+).</summary>
    TaskPriorityChanged = 74,
    /// <summary><c>MSG_TASK_LATCH_FAILURE</c> (ABI 80+, BPF latching only).</summary>
    TaskLatchFailure = 75,

    /// <summary><c>MSG_CPU_TICK</c>.</summary>
    CpuTick = 128,
    /// <summary><c>MSG_CPU_TIMER_EXPIRED</c>.</summary>
    CpuTimerExpired = 129,
    /// <summary><c>MSG_CPU_NOT_IDLE</c>.</summary>
    CpuNotIdle = 130,
    /// <summary><c>MSG_CPU_AVAILABLE</c> (ABI 71+).</summary>
    CpuAvailable = 131,
    /// <summary><c>MSG_CPU_BUSY</c> (ABI 71+).</summary>
    CpuBusy = 132,
    /// <summary><c>MSG_CPU_AGENT_BLOCKED</c> (ABI 72+).</summary>
    CpuAgentBlocked = 133,
    /// <summary><c>MSG_CPU_AGENT_WAKEUP</c> (ABI 72+).</summary>
    CpuAgentWakeup = 134,
}

/// <summary>Range helpers for <see cref="GhostMessageType"/>.</summary>
public static class GhostMessageTypes
{
    /// <summary><c>_MSG_TASK_FIRST</c> and the end of the task range.</summary>
    public const ushort TaskFirst = 64, TaskLast = 127;

    /// <summary><c>_MSG_CPU_FIRST</c> and the end of the CPU range.</summary>
    public const ushort CpuFirst = 128, CpuLast = 191;

    /// <summary>Whether the message's payload starts with a gtid.</summary>
    public static bool IsTaskMessage(GhostMessageType t) => (ushort)t is >= TaskFirst and <= TaskLast;

    /// <summary>Whether the message's payload starts with a CPU number.</summary>
    public static bool IsCpuMessage(GhostMessageType t) => (ushort)t is >= CpuFirst and <= CpuLast;

    /// <summary>
    /// Payload size the kernel of <paramref name="abiVersion"/> writes for <paramref name="type"/>,
    /// or -1 for a type that ABI does not define.
    /// </summary>
    public static int PayloadSize(GhostMessageType type, int abiVersion) => type switch
    {
        GhostMessageType.Nop => 0,
        GhostMessageType.TaskDead => abiVersion >= 89 ? 16 : 8,
        GhostMessageType.TaskBlocked => 32,
        GhostMessageType.TaskWakeup => 32,
        GhostMessageType.TaskNew => abiVersion >= 88 ? 48 : 40,
        GhostMessageType.TaskPreempt => 40,
        GhostMessageType.TaskYield => 40,
        GhostMessageType.TaskDeparted => 24,
        GhostMessageType.TaskSwitchto => 32,
        GhostMessageType.TaskAffinityChanged => 8,
        GhostMessageType.TaskOnCpu => 32,
        GhostMessageType.TaskPriorityChanged => 16,
        GhostMessageType.TaskLatchFailure => 16,
        GhostMessageType.CpuTick => abiVersion >= 90 ? 8 : 4,
        GhostMessageType.CpuTimerExpired => 24,
        GhostMessageType.CpuNotIdle => 16,
        GhostMessageType.CpuAvailable or GhostMessageType.CpuBusy => 4,
        GhostMessageType.CpuAgentBlocked or GhostMessageType.CpuAgentWakeup => 4,
        _ => -1,
    };
}
