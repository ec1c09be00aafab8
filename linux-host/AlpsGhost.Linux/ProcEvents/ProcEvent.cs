namespace AlpsGhost.Linux.ProcEvents;

/// <summary>The process events the backend follows (the kernel's <c>PROC_EVENT_*</c> values).</summary>
public enum ProcEventKind : uint
{
    /// <summary>Any other event (uid, gid, sid, ptrace, coredump, ...): ignored.</summary>
    Other = 0,

    /// <summary><c>PROC_EVENT_FORK</c>: a thread or process was created.</summary>
    Fork = 0x00000001,

    /// <summary><c>PROC_EVENT_EXEC</c>: a process exec'd a new image.</summary>
    Exec = 0x00000002,

    /// <summary><c>PROC_EVENT_COMM</c>: a thread changed its comm (prctl PR_SET_NAME).</summary>
    Comm = 0x00000200,

    /// <summary><c>PROC_EVENT_EXIT</c>: a thread exited.</summary>
    Exit = 0x80000000,
}

/// <summary>One decoded process event.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Tid">The thread concerned (the child for <see cref="ProcEventKind.Fork"/>).</param>
/// <param name="Tgid">Its thread-group (process) id.</param>
/// <param name="ParentTid">Fork: the parent thread; otherwise 0.</param>
/// <param name="ParentTgid">Fork: the parent's process; otherwise 0.</param>
/// <param name="TimestampNs">When the kernel emitted it (CLOCK_MONOTONIC ns, the agent's clock).</param>
public readonly record struct ProcEvent(ProcEventKind Kind, int Tid, int Tgid, int ParentTid, int ParentTgid, long TimestampNs = 0);
