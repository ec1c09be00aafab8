namespace AlpsGhost.Linux;

/// <summary>The two calls that change a task's scheduling class: the real one wraps <c>sched_setattr</c>, tests
/// record the calls.</summary>
public interface IKernelScheduling
{
    /// <summary>Makes <paramref name="tid"/> SCHED_FIFO (SCHED_RR when <paramref name="roundRobin"/>) at
    /// <paramref name="priority"/> with SCHED_FLAG_RESET_ON_FORK; 0 or an errno.</summary>
    int Raise(int tid, int priority, bool roundRobin);

    /// <summary>Returns <paramref name="tid"/> to SCHED_OTHER at <paramref name="nice"/> (0 = the default weight) with
    /// SCHED_FLAG_RESET_ON_FORK (children start at nice 0); 0 or an errno (ESRCH = 3: it is gone).</summary>
    int MakeFair(int tid, int nice);

    /// <summary>Whether <paramref name="tid"/> is in SCHED_FIFO or SCHED_RR now (false when it is gone).</summary>
    bool IsRealtime(int tid);
}

/// <summary>A task's CPU time and run-queue wait from the kernel (schedstat); tests give fake values.</summary>
public interface ITaskCpuSource
{
    /// <summary>Reads the task's counters; <paramref name="handle"/> (-1 at first) is kept by the caller between
    /// reads so a real implementation can keep the file open. False when the task is gone.</summary>
    bool TryRead(int tgid, int tid, ref int handle, out long cpuNs, out long waitNs);

    /// <summary>Releases <paramref name="handle"/> (sets it to -1).</summary>
    void Release(ref int handle);
}

/// <summary>Where the agent records which tasks it raised, so a watchdog can return them if the agent dies.</summary>
public interface IRaisedTaskJournal
{
    /// <summary>False once the journal cannot be written (the watchdog is gone): nothing may be raised then.</summary>
    bool Healthy { get; }

    /// <summary>Records <paramref name="tid"/> as raised (before the call that raises it).</summary>
    void Raised(int tid, long startTime);

    /// <summary>Records <paramref name="tid"/> as fair again (or gone).</summary>
    void Returned(int tid);
}
