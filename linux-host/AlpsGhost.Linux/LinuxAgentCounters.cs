namespace AlpsGhost.Linux;

/// <summary>What the stock-Linux agent did, for its stats, Prometheus and exit summary.</summary>
/// <remarks>Written only by the agent thread; other threads may read them (64-bit reads are atomic) and see
/// values a little old.</remarks>
public sealed class LinuxAgentCounters
{
    /// <summary>Tasks tracked because an identity rule or a registration named their function.</summary>
    public long Discovered { get; internal set; }

    /// <summary>Tasks raised to SCHED_FIFO/RR.</summary>
    public long Raised { get; internal set; }

    /// <summary>Priority changes of raised tasks (band crossings).</summary>
    public long Remapped { get; internal set; }

    /// <summary>Raised tasks demoted because they used their slice.</summary>
    public long DemotedSlice { get; internal set; }

    /// <summary>Raised tasks demoted because they waited longer than the starvation bound.</summary>
    public long DemotedStarved { get; internal set; }

    /// <summary>Tasks found real-time under another owner when discovered, placed once they were fair.</summary>
    public long Pending { get; internal set; }

    /// <summary>Fair-tier tasks given a nice other than 0 by ALPS's order (<see cref="FairTierMode.Order"/>).</summary>
    public long Weighted { get; internal set; }

    /// <summary>Raised or weighted tasks returned to fair at nice 0 when the agent stopped.</summary>
    public long ReturnedAtStop { get; internal set; }

    /// <summary>Raises refused with EPERM (typically a cpu cgroup without an RT budget: RT_GROUP_SCHED); left fair.</summary>
    public long RtRefused { get; internal set; }

    /// <summary>Raises that failed otherwise (task gone, ...).</summary>
    public long RaiseFailed { get; internal set; }

    /// <summary>Tasks not raised because the watchdog journal was broken.</summary>
    public long NotRaisedWithoutWatchdog { get; internal set; }

    /// <summary>Tasks not tracked because the table was full.</summary>
    public long TableFull { get; internal set; }

    /// <summary>Tracked tasks that exited (invocations recorded).</summary>
    public long Completed { get; internal set; }

    /// <summary>Exits whose final CPU time could not be read (already reaped): the last tick's value was used.</summary>
    public long CpuAtExitMissed { get; internal set; }

    /// <summary>Ticks run.</summary>
    public long Ticks { get; internal set; }

    /// <summary>Process events decoded.</summary>
    public long Events { get; internal set; }

    /// <summary>Malformed process-event messages skipped.</summary>
    public long MalformedEvents { get; internal set; }

    /// <summary>Resynchronisations from /proc after the kernel dropped events (ENOBUFS).</summary>
    public long Resyncs { get; internal set; }

    /// <summary>Tasks raised on an EXEC/COMM/FORK event, whose event-to-raised latency is summed below.</summary>
    public long RaisedOnEvent { get; internal set; }

    /// <summary>Sum of (raise done - kernel timestamp of the event that revealed the task), ns: the cost of discovery.</summary>
    public long DiscoveryLatencySumNs { get; internal set; }

    /// <summary>Largest such latency, ns.</summary>
    public long DiscoveryLatencyMaxNs { get; internal set; }

    /// <summary>
    /// Longest delay from a process event's kernel timestamp to the agent reading it, ns: how long an event waited
    /// for the agent thread (not scheduled, or busy in an earlier round) before any work on it began.
    /// </summary>
    public long EventDelayMaxNs { get; internal set; }

    /// <summary>Longest time the agent thread ran one round (events handled, then the tick) between two waits, ns.</summary>
    public long RoundBusyMaxNs { get; internal set; }

    /// <summary>
    /// Longest time the agent thread woke after the timeout it waited for, ns, when no event came first: how late the
    /// kernel ran it (timer slack, higher real-time work, RT throttling).
    /// </summary>
    public long WakeLateMaxNs { get; internal set; }

    /// <summary>Demotions for any reason.</summary>
    public long Demoted => DemotedSlice + DemotedStarved;
}
