namespace AlpsGhost.Ghost.Abi;

/// <summary>Transaction <c>run_flags</c> (u16).</summary>
[Flags]
public enum RunFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary><c>RTLA_ON_PREEMPT</c>: return to the local agent when the task is preempted.</summary>
    RtlaOnPreempt = 1 << 0,
    /// <summary><c>RTLA_ON_BLOCKED</c>.</summary>
    RtlaOnBlocked = 1 << 1,
    /// <summary><c>RTLA_ON_YIELD</c>.</summary>
    RtlaOnYield = 1 << 2,
    /// <summary><c>RTLA_ON_IDLE</c>.</summary>
    RtlaOnIdle = 1 << 5,
    /// <summary><c>NEED_L1D_FLUSH</c>.</summary>
    NeedL1dFlush = 1 << 6,
    /// <summary><c>NEED_CPU_NOT_IDLE</c>.</summary>
    NeedCpuNotIdle = 1 << 7,
    /// <summary><c>ELIDE_PREEMPT</c>.</summary>
    ElidePreempt = 1 << 9,
    /// <summary><c>SEND_TASK_ON_CPU</c>.</summary>
    SendTaskOnCpu = 1 << 10,
    /// <summary><c>DEFER_LATCHED_PREEMPTION_BY_AGENT</c>.</summary>
    DeferLatchedPreemptionByAgent = 1 << 11,
    /// <summary><c>DO_NOT_PREEMPT</c>.</summary>
    DoNotPreempt = 1 << 12,

    /// <summary>Every bit the kernel accepts; anything else is INVALID_FLAGS.</summary>
    ValidMask = RtlaOnPreempt | RtlaOnBlocked | RtlaOnYield | RtlaOnIdle | NeedL1dFlush | NeedCpuNotIdle
        | ElidePreempt | SendTaskOnCpu | DeferLatchedPreemptionByAgent | DoNotPreempt,
}

/// <summary>Transaction <c>commit_flags</c> (u8).</summary>
[Flags]
public enum CommitFlags : byte
{
    /// <summary>No flag: a remote transaction is committed greedily by the target CPU.</summary>
    None = 0,
    /// <summary><c>COMMIT_AT_SCHEDULE</c>.</summary>
    CommitAtSchedule = 1 << 0,
    /// <summary><c>COMMIT_AT_TXN_COMMIT</c>: commit inline in the COMMIT_TXN ioctl.</summary>
    CommitAtTxnCommit = 1 << 1,
    /// <summary><c>ALLOW_TASK_ONCPU</c>.</summary>
    AllowTaskOnCpu = 1 << 2,
    /// <summary><c>ELIDE_AGENT_BARRIER_INC</c>.</summary>
    ElideAgentBarrierInc = 1 << 3,
    /// <summary><c>INC_AGENT_BARRIER_ON_FAILURE</c>.</summary>
    IncAgentBarrierOnFailure = 1 << 4,

    /// <summary>Every bit the kernel accepts.</summary>
    ValidMask = CommitAtSchedule | CommitAtTxnCommit | AllowTaskOnCpu | ElideAgentBarrierInc | IncAgentBarrierOnFailure,
}

/// <summary>Status word <c>flags</c>.</summary>
[Flags]
public enum StatusWordFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary><c>GHOST_SW_F_INUSE</c>.</summary>
    InUse = 1 << 0,
    /// <summary><c>GHOST_SW_F_CANFREE</c>: the agent may (and must) free the word.</summary>
    CanFree = 1 << 1,
    /// <summary><c>GHOST_SW_F_ALLOCATED</c>.</summary>
    Allocated = 1 << 2,
    /// <summary><c>GHOST_SW_CPU_AVAIL</c> (agent words): the CPU is running ghost or idle, not a higher class.</summary>
    CpuAvailable = 1 << 8,
    /// <summary><c>GHOST_SW_BOOST_PRIO</c> (agent words): a higher-class task wants this CPU.</summary>
    BoostPriority = 1 << 9,
    /// <summary><c>GHOST_SW_TASK_ONCPU</c>.</summary>
    TaskOnCpu = 1 << 16,
    /// <summary><c>GHOST_SW_TASK_RUNNABLE</c>.</summary>
    TaskRunnable = 1 << 17,
    /// <summary><c>GHOST_SW_TASK_IS_AGENT</c>.</summary>
    TaskIsAgent = 1 << 18,
    /// <summary><c>GHOST_SW_TASK_MSG_GATED</c>.</summary>
    TaskMessagesGated = 1 << 19,
}
