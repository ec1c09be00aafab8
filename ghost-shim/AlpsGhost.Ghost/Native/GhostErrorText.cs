namespace AlpsGhost.Ghost.Native;

/// <summary>
/// Turns an errno from a ghOSt interaction into an operator-readable sentence. Meanings are the
/// kernel's documented ones for that interaction (docs/ghost-abi.md §2, §4, §5).
/// </summary>
public static class GhostErrorText
{
    /// <summary>Explains <paramref name="errno"/> returned by <paramref name="operation"/>.</summary>
    public static string Describe(GhostOperation operation, int errno)
    {
        string specific = Specific(operation, errno);
        return $"{Verb(operation)} failed with {Errno.Name(errno)}: {specific}";
    }

    private static string Specific(GhostOperation operation, int errno) => (operation, errno) switch
    {
        (_, Errno.EPERM) => "needs root or CAP_SYS_NICE",
        (_, Errno.EACCES) => "permission denied (ghostfs files need root, and ioctls need the enclave ctl open for write)",
        (GhostOperation.Mount, Errno.ENOENT or Errno.ENODEV) => "kernel without ghOSt (no ghost filesystem; boot a ghost-kernel with CONFIG_SCHED_CLASS_GHOST=y, or use --kernel sim)",
        (GhostOperation.ReadVersion, Errno.ENOENT) => "kernel without ghOSt, or ghostfs not mounted (no version file)",
        (GhostOperation.CreateEnclave, Errno.ESRCH) => "ABI not supported by this kernel (see /sys/fs/ghost/version)",
        (GhostOperation.CreateEnclave, Errno.ENOSPC) => "enclave name too long",
        (GhostOperation.CreateEnclave, Errno.EEXIST) => "every tried enclave id already exists",
        (GhostOperation.OpenEnclave, Errno.ENOENT) => "no such enclave directory",
        (GhostOperation.SetCpus, Errno.EBUSY) => "a CPU belongs to another enclave (or a destroyed enclave has not released it yet)",
        (GhostOperation.SetCpus, Errno.EEXIST) => "a CPU being removed still has an agent",
        (GhostOperation.SetCpus, Errno.ENODEV) => "a CPU is offline",
        (_, Errno.EXDEV) => "the enclave is being destroyed",
        (GhostOperation.BecomeAgent, Errno.EBUSY) => "the CPU still has an agent (an old agent has not exited yet)",
        (GhostOperation.BecomeAgent, Errno.ENODEV) => "the CPU is not in the enclave",
        (GhostOperation.BecomeAgent, Errno.ENXIO) => "no queue given and the enclave has no default queue",
        (GhostOperation.BecomeAgent, Errno.EBADF) => "invalid queue fd",
        (GhostOperation.AgentOnline, Errno.EBUSY) => "another agent process is already online for this enclave",
        (GhostOperation.AssocQueue, Errno.ESTALE) => "the task's barrier moved (unread messages); retry after draining the queue",
        (GhostOperation.AssocQueue, Errno.ENOENT) => "the task is gone",
        (GhostOperation.SwGetInfo, Errno.ENODEV) => "the CPU is not in the enclave",
        (GhostOperation.SwGetInfo, Errno.ENOENT) => "the task is gone",
        (GhostOperation.SwFree, Errno.ENOENT) => "no such status word",
        (GhostOperation.SwFree, Errno.EINVAL) => "the status word is not CANFREE yet",
        (GhostOperation.Run, Errno.ESTALE) => "the agent barrier moved (unread messages)",
        (GhostOperation.Run, Errno.EINVAL) => "only local yield (gtid 0) and ping (gtid -1) are accepted",
        (GhostOperation.GetCpuTime, Errno.ESRCH) => "the task is gone",
        (GhostOperation.AddTask, Errno.ESRCH) => "no such thread",
        (GhostOperation.AddTask, Errno.EINVAL) => "the thread cannot enter this enclave (e.g. it left one with another ABI)",
        (GhostOperation.CreateQueue, Errno.EINVAL) => "queue size must be a power of two <= 65536 on an online NUMA node",
        (GhostOperation.SetDefaultQueue, Errno.EINVAL) => "the queue belongs to another enclave",
        (_, Errno.ENOTTY) => "the kernel does not know this ioctl (ABI mismatch?)",
        (_, Errno.EBUSY) => "resource busy",
        (_, Errno.ENOENT) => "no such file or object",
        (_, Errno.ENOMEM) => "out of memory",
        (_, Errno.EINVAL) => "invalid argument",
        (_, Errno.EPROTO) => "unexpected content from the kernel",
        _ => "unexpected error",
    };

    private static string Verb(GhostOperation operation) => operation switch
    {
        GhostOperation.Mount => "mounting ghostfs",
        GhostOperation.ReadVersion => "reading the ghOSt ABI versions",
        GhostOperation.FileAccess => "accessing a ghostfs file",
        GhostOperation.CreateEnclave => "creating an enclave",
        GhostOperation.OpenEnclave => "opening the enclave",
        GhostOperation.SetCpus => "assigning CPUs to the enclave",
        GhostOperation.MapStatusWords => "mapping the status-word region",
        GhostOperation.MapCpuData => "mapping cpu_data",
        GhostOperation.CreateQueue => "GHOST_IOC_CREATE_QUEUE",
        GhostOperation.SetDefaultQueue => "GHOST_IOC_SET_DEFAULT_QUEUE",
        GhostOperation.ConfigQueueWakeup => "GHOST_IOC_CONFIG_QUEUE_WAKEUP",
        GhostOperation.AssocQueue => "GHOST_IOC_ASSOC_QUEUE",
        GhostOperation.SwGetInfo => "GHOST_IOC_SW_GET_INFO",
        GhostOperation.SwFree => "GHOST_IOC_SW_FREE",
        GhostOperation.BecomeAgent => "becoming an agent",
        GhostOperation.AgentOnline => "opening agent_online",
        GhostOperation.CommitTxn => "GHOST_IOC_COMMIT_TXN",
        GhostOperation.SyncGroupTxn => "GHOST_IOC_SYNC_GROUP_TXN",
        GhostOperation.Run => "GHOST_IOC_RUN",
        GhostOperation.TimerSettime => "GHOST_IOC_TIMERFD_SETTIME",
        GhostOperation.GetCpuTime => "GHOST_IOC_GET_CPU_TIME",
        GhostOperation.AddTask => "moving a thread into the enclave",
        GhostOperation.SetTunable => "writing an enclave tunable",
        GhostOperation.Destroy => "destroying the enclave",
        _ => operation.ToString(),
    };
}
