namespace AlpsGhost.Workloads;

/// <summary>Counts and offered load of a materialised workload, per function, per group and in total.</summary>
/// <remarks>Offered utilization = total CPU demand / (cpus * arrival window): what the workload asks of the
/// machine, independent of any scheduler. It equals the file's target only in expectation (Poisson counts
/// and random demands vary; heavy-tailed functions vary most).</remarks>
public sealed class WorkloadStats
{
    private WorkloadStats(int cpuCount, long durationNs, int invocations, long totalCpuNs, long totalBlockedNs,
        IReadOnlyList<FunctionStats> functions, IReadOnlyList<GroupStats> groups)
    {
        CpuCount = cpuCount;
        DurationNs = durationNs;
        Invocations = invocations;
        TotalCpuNs = totalCpuNs;
        TotalBlockedNs = totalBlockedNs;
        Functions = functions;
        Groups = groups;
    }

    /// <summary>CPUs the utilization is relative to.</summary>
    public int CpuCount { get; }

    /// <summary>Arrival window the utilization is relative to.</summary>
    public long DurationNs { get; }

    /// <summary>Number of invocations.</summary>
    public int Invocations { get; }

    /// <summary>Sum of all CPU demand.</summary>
    public long TotalCpuNs { get; }

    /// <summary>Sum of all blocking time.</summary>
    public long TotalBlockedNs { get; }

    /// <summary>TotalCpuNs / (CpuCount * DurationNs).</summary>
    public double OfferedUtilization => TotalCpuNs / ((double)CpuCount * DurationNs);

    /// <summary>Mean CPU demand per invocation (0 without invocations).</summary>
    public double MeanCpuDemandNs => Invocations == 0 ? 0 : TotalCpuNs / (double)Invocations;

    /// <summary>Per function, indexed by function id.</summary>
    public IReadOnlyList<FunctionStats> Functions { get; }

    /// <summary>Per group, in order of first appearance among the functions.</summary>
    public IReadOnlyList<GroupStats> Groups { get; }

    /// <summary>Computes the statistics.</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="cpuCount">CPUs to relate the load to; defaults to the count the workload was built for (or 1 if unknown).</param>
    /// <param name="durationNs">Window to relate the load to; defaults to <see cref="Workload.EffectiveDurationNs"/>.</param>
    public static WorkloadStats Compute(Workload workload, int? cpuCount = null, long? durationNs = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        int cpus = cpuCount ?? (workload.CpuCount > 0 ? workload.CpuCount : 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cpus, 1, nameof(cpuCount));
        long duration = durationNs ?? workload.EffectiveDurationNs;
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, 1L, nameof(durationNs));

        int n = workload.Functions.Count;
        var counts = new int[n];
        var cpu = new long[n];
        var blocked = new long[n];
        long totalCpu = 0;
        long totalBlocked = 0;
        foreach (InvocationSpec inv in workload.Invocations)
        {
            long c = inv.CpuDemandNs;
            long b = inv.BlockedNs;
            counts[inv.FunctionId]++;
            cpu[inv.FunctionId] += c;
            blocked[inv.FunctionId] += b;
            totalCpu += c;
            totalBlocked += b;
        }
        double capacity = (double)cpus * duration;
        var functions = new FunctionStats[n];
        var groupOrder = new List<string>();
        var groupIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupFunctions = new List<int>();
        var groupCounts = new List<int>();
        var groupCpu = new List<long>();
        for (int i = 0; i < n; i++)
        {
            FunctionSpec f = workload.Functions[i];
            functions[i] = new FunctionStats(i, f.Name, f.Group, counts[i], cpu[i], counts[i] == 0 ? 0 : cpu[i] / (double)counts[i],
                counts[i] == 0 ? 0 : blocked[i] / (double)counts[i], cpu[i] / capacity);
            if (!groupIndex.TryGetValue(f.Group, out int g))
            {
                g = groupOrder.Count;
                groupIndex[f.Group] = g;
                groupOrder.Add(f.Group);
                groupFunctions.Add(0);
                groupCounts.Add(0);
                groupCpu.Add(0);
            }
            groupFunctions[g]++;
            groupCounts[g] += counts[i];
            groupCpu[g] += cpu[i];
        }
        var groups = new GroupStats[groupOrder.Count];
        for (int g = 0; g < groups.Length; g++)
        {
            groups[g] = new GroupStats(groupOrder[g], groupFunctions[g], groupCounts[g], groupCpu[g],
                groupCounts[g] == 0 ? 0 : groupCpu[g] / (double)groupCounts[g], groupCpu[g] / capacity);
        }
        return new WorkloadStats(cpus, duration, workload.Invocations.Count, totalCpu, totalBlocked, functions, groups);
    }
}
