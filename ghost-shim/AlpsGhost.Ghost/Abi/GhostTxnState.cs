namespace AlpsGhost.Ghost.Abi;

/// <summary><c>enum ghost_txn_state</c>.</summary>
/// <remarks>
/// Any negative value means the transaction has finished; 0..nr_cpu_ids-1 means claimed by that CPU;
/// <see cref="Ready"/> means open and waiting to be committed.
/// </remarks>
public enum GhostTxnState
{
    /// <summary><c>GHOST_TXN_COMPLETE</c>: committed and latched.</summary>
    Complete = int.MinValue,
    /// <summary><c>GHOST_TXN_ABORTED</c>.</summary>
    Aborted,
    /// <summary><c>GHOST_TXN_TARGET_ONCPU</c>.</summary>
    TargetOnCpu,
    /// <summary><c>GHOST_TXN_TARGET_STALE</c>.</summary>
    TargetStale,
    /// <summary><c>GHOST_TXN_TARGET_NOT_FOUND</c>.</summary>
    TargetNotFound,
    /// <summary><c>GHOST_TXN_TARGET_NOT_RUNNABLE</c>.</summary>
    TargetNotRunnable,
    /// <summary><c>GHOST_TXN_AGENT_STALE</c>.</summary>
    AgentStale,
    /// <summary><c>GHOST_TXN_CPU_OFFLINE</c>.</summary>
    CpuOffline,
    /// <summary><c>GHOST_TXN_CPU_UNAVAIL</c>.</summary>
    CpuUnavail,
    /// <summary><c>GHOST_TXN_INVALID_FLAGS</c>.</summary>
    InvalidFlags,
    /// <summary><c>GHOST_TXN_INVALID_TARGET</c>.</summary>
    InvalidTarget,
    /// <summary><c>GHOST_TXN_NOT_PERMITTED</c>.</summary>
    NotPermitted,
    /// <summary><c>GHOST_TXN_INVALID_CPU</c>.</summary>
    InvalidCpu,
    /// <summary><c>GHOST_TXN_NO_AGENT</c>.</summary>
    NoAgent,
    /// <summary><c>GHOST_TXN_UNSUPPORTED_VERSION</c>.</summary>
    UnsupportedVersion,
    /// <summary><c>GHOST_TXN_POISONED</c>.</summary>
    Poisoned,

    /// <summary><c>GHOST_TXN_READY</c>.</summary>
    Ready = int.MaxValue,
}

/// <summary>Helpers over <see cref="GhostTxnState"/>.</summary>
public static class GhostTxnStates
{
    /// <summary>First and last failure states, for iterating outcome counters.</summary>
    public const GhostTxnState FirstFailure = GhostTxnState.Aborted, LastFailure = GhostTxnState.Poisoned;

    /// <summary>Number of finished states (COMPLETE plus every failure).</summary>
    public const int FinishedStateCount = LastFailure - GhostTxnState.Complete + 1;

    /// <summary>Whether the kernel is done with the transaction (every finished state is negative).</summary>
    public static bool IsFinished(GhostTxnState s) => (int)s < 0;

    /// <summary>Dense index 0..<see cref="FinishedStateCount"/>-1 of a finished state.</summary>
    public static int Index(GhostTxnState s) => (int)(s - GhostTxnState.Complete);

    /// <summary>The kernel's name for a state, e.g. <c>GHOST_TXN_TARGET_STALE</c>.</summary>
    public static string KernelName(GhostTxnState s) => s switch
    {
        GhostTxnState.Complete => "GHOST_TXN_COMPLETE",
        GhostTxnState.Aborted => "GHOST_TXN_ABORTED",
        GhostTxnState.TargetOnCpu => "GHOST_TXN_TARGET_ONCPU",
        GhostTxnState.TargetStale => "GHOST_TXN_TARGET_STALE",
        GhostTxnState.TargetNotFound => "GHOST_TXN_TARGET_NOT_FOUND",
        GhostTxnState.TargetNotRunnable => "GHOST_TXN_TARGET_NOT_RUNNABLE",
        GhostTxnState.AgentStale => "GHOST_TXN_AGENT_STALE",
        GhostTxnState.CpuOffline => "GHOST_TXN_CPU_OFFLINE",
        GhostTxnState.CpuUnavail => "GHOST_TXN_CPU_UNAVAIL",
        GhostTxnState.InvalidFlags => "GHOST_TXN_INVALID_FLAGS",
        GhostTxnState.InvalidTarget => "GHOST_TXN_INVALID_TARGET",
        GhostTxnState.NotPermitted => "GHOST_TXN_NOT_PERMITTED",
        GhostTxnState.InvalidCpu => "GHOST_TXN_INVALID_CPU",
        GhostTxnState.NoAgent => "GHOST_TXN_NO_AGENT",
        GhostTxnState.UnsupportedVersion => "GHOST_TXN_UNSUPPORTED_VERSION",
        GhostTxnState.Poisoned => "GHOST_TXN_POISONED",
        GhostTxnState.Ready => "GHOST_TXN_READY",
        _ => (int)s >= 0 ? "claimed" : "unknown",
    };
}
