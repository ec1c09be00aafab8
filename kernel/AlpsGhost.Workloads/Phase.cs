namespace AlpsGhost.Workloads;

/// <summary>What a task does for a while: compute, or block (I/O, sleep).</summary>
public enum PhaseKind
{
    /// <summary>Runs on a CPU for the duration (CPU time, not wall time).</summary>
    Cpu,
    /// <summary>Blocks for the duration of wall time, then wakes up.</summary>
    Block,
}

/// <summary>One step of an invocation.</summary>
/// <param name="Kind">Compute or block.</param>
/// <param name="DurationNs">CPU nanoseconds for <see cref="PhaseKind.Cpu"/>, wall nanoseconds for <see cref="PhaseKind.Block"/>; always &gt; 0.</param>
public readonly record struct Phase(PhaseKind Kind, long DurationNs);
