namespace AlpsGhost.Workloads;

/// <summary>What one report group offers in a materialised workload.</summary>
/// <param name="Group">Group name.</param>
/// <param name="Functions">Functions in the group.</param>
/// <param name="Count">Invocations.</param>
/// <param name="TotalCpuNs">Sum of CPU demand.</param>
/// <param name="MeanCpuDemandNs">Mean CPU demand per invocation (0 without invocations).</param>
/// <param name="OfferedUtilization">TotalCpuNs / (cpus * duration).</param>
public sealed record GroupStats(string Group, int Functions, int Count, long TotalCpuNs, double MeanCpuDemandNs, double OfferedUtilization);
