namespace AlpsGhost.Ghost.Native;

/// <summary>The kernel interaction that failed: errno meanings depend on it (ENOENT on mount is not ENOENT on SW_FREE).</summary>
public enum GhostOperation
{
    /// <summary>Mounting ghostfs.</summary>
    Mount,
    /// <summary>Reading <c>/sys/fs/ghost/version</c>.</summary>
    ReadVersion,
    /// <summary>Reading or writing another ghostfs file.</summary>
    FileAccess,
    /// <summary><c>create &lt;id&gt; &lt;abi&gt;</c> on the top-level ctl.</summary>
    CreateEnclave,
    /// <summary>Opening <c>enclave_&lt;id&gt;</c>.</summary>
    OpenEnclave,
    /// <summary>Writing <c>cpulist</c> / <c>cpumask</c>.</summary>
    SetCpus,
    /// <summary><c>create sw_region</c> and mapping it.</summary>
    MapStatusWords,
    /// <summary>Mapping <c>cpu_data</c>.</summary>
    MapCpuData,
    /// <summary><c>GHOST_IOC_CREATE_QUEUE</c>.</summary>
    CreateQueue,
    /// <summary><c>GHOST_IOC_SET_DEFAULT_QUEUE</c>.</summary>
    SetDefaultQueue,
    /// <summary><c>GHOST_IOC_CONFIG_QUEUE_WAKEUP</c>.</summary>
    ConfigQueueWakeup,
    /// <summary><c>GHOST_IOC_ASSOC_QUEUE</c>.</summary>
    AssocQueue,
    /// <summary><c>GHOST_IOC_SW_GET_INFO</c>.</summary>
    SwGetInfo,
    /// <summary><c>GHOST_IOC_SW_FREE</c>.</summary>
    SwFree,
    /// <summary><c>become agent &lt;cpu&gt; &lt;qfd&gt;</c>.</summary>
    BecomeAgent,
    /// <summary>Opening <c>agent_online</c> for write.</summary>
    AgentOnline,
    /// <summary><c>GHOST_IOC_COMMIT_TXN</c>.</summary>
    CommitTxn,
    /// <summary><c>GHOST_IOC_SYNC_GROUP_TXN</c>.</summary>
    SyncGroupTxn,
    /// <summary><c>GHOST_IOC_RUN</c>.</summary>
    Run,
    /// <summary><c>GHOST_IOC_TIMERFD_SETTIME</c> (the sleeping agent's deadline timer).</summary>
    TimerSettime,
    /// <summary><c>GHOST_IOC_GET_CPU_TIME</c>.</summary>
    GetCpuTime,
    /// <summary>Writing a tid to <c>tasks</c>.</summary>
    AddTask,
    /// <summary>Writing a tunable (runnable_timeout, deliver_ticks, ...).</summary>
    SetTunable,
    /// <summary><c>destroy</c> on the enclave ctl.</summary>
    Destroy,
}
