namespace AlpsGhost.Linux.Tests;

/// <summary>Records "sched_setattr" calls; checks every raise was journalled first.</summary>
internal sealed class RecordingKernel(FakeJournal journal) : IKernelScheduling
{
    public List<string> Calls { get; } = [];
    public Dictionary<int, int> Errors { get; } = [];

    public int Raise(int tid, int priority, bool roundRobin)
    {
        Assert.That(journal.Listed, Does.ContainKey(tid), "a task is journalled before it is raised");
        Calls.Add($"{(roundRobin ? "rr" : "fifo")} {tid} {priority}");
        return Errors.TryGetValue(tid, out int e) ? e : 0;
    }

    public int MakeFair(int tid, int nice)
    {
        Assert.That(nice == 0 || journal.Listed.ContainsKey(tid), Is.True, "a task is journalled before it leaves nice 0");
        Calls.Add(nice == 0 ? $"fair {tid}" : $"fair {tid} nice {nice}");
        return FairErrors.TryGetValue(tid, out int e) ? e : 0;
    }

    public Dictionary<int, int> FairErrors { get; } = [];

    /// <summary>Tids some other owner (a platform) keeps real-time.</summary>
    public HashSet<int> RealtimeElsewhere { get; } = [];

    public bool IsRealtime(int tid) => RealtimeElsewhere.Contains(tid);
}

/// <summary>CPU time and wait per tid, set by the test (the fake clock of schedstat).</summary>
internal sealed class FakeCpu : ITaskCpuSource
{
    public Dictionary<int, (long Cpu, long Wait)> Values { get; } = [];
    public int OpenHandles { get; private set; }

    public bool TryRead(int tgid, int tid, ref int handle, out long cpuNs, out long waitNs)
    {
        if (!Values.TryGetValue(tid, out var v))
        {
            cpuNs = waitNs = 0;
            return false;
        }
        if (handle < 0)
        {
            handle = tid;
            OpenHandles++;
        }
        (cpuNs, waitNs) = v;
        return true;
    }

    public void Release(ref int handle)
    {
        if (handle >= 0)
        {
            OpenHandles--;
        }
        handle = -1;
    }
}

/// <summary>The watchdog's list as the journal would leave it.</summary>
internal sealed class FakeJournal : IRaisedTaskJournal
{
    public Dictionary<int, long> Listed { get; } = [];
    public bool Healthy { get; set; } = true;

    public void Raised(int tid, long startTime) => Listed[tid] = startTime;

    public void Returned(int tid) => Listed.Remove(tid);
}
