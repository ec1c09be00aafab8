using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Benchmarks.Fakes;

/// <summary>
/// Passes every call through to an enclave and counts the bytes the calls that run kernel code
/// (commit, free, describe) allocate on this thread, so that an allocation seen inside the agent's
/// round can be split into the agent's and the (simulated) kernel's.
/// </summary>
internal sealed class CountingEnclave(IGhostEnclave inner) : IGhostEnclave
{
    /// <summary>Bytes allocated inside <see cref="CommitTransactions"/>.</summary>
    public long CommitBytes { get; private set; }

    /// <summary>Bytes allocated inside <see cref="FreeStatusWord"/>.</summary>
    public long FreeBytes { get; private set; }

    /// <summary>Bytes allocated inside <see cref="TryDescribeTask"/>.</summary>
    public long DescribeBytes { get; private set; }

    /// <summary>All of the above.</summary>
    public long KernelBytes => CommitBytes + FreeBytes + DescribeBytes;

    public int AbiVersion => inner.AbiVersion;
    public ReadOnlySpan<int> Cpus => inner.Cpus;
    public int PossibleCpus => inner.PossibleCpus;
    public int AgentCpu => inner.AgentCpu;
    public AgentMode AgentMode => inner.AgentMode;
    public long NowNanoseconds => inner.NowNanoseconds;
    public GhostQueue Queue => inner.Queue;
    public StatusWordRegion StatusWords => inner.StatusWords;
    public ref GhostTxn Txn(int cpu) => ref inner.Txn(cpu);
    public GhostSwInfo AgentStatusWord(int cpu) => inner.AgentStatusWord(cpu);

    public void CommitTransactions(ReadOnlySpan<int> cpus)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        inner.CommitTransactions(cpus);
        CommitBytes += GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public bool FreeStatusWord(GhostSwInfo info)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool freed = inner.FreeStatusWord(info);
        FreeBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        return freed;
    }

    public bool TryDescribeTask(long gtid, out TaskDescription description)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool found = inner.TryDescribeTask(gtid, out description);
        DescribeBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        return found;
    }
}
