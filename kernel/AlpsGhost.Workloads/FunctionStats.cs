namespace AlpsGhost.Workloads;

/// <summary>What one function offers in a materialised workload.</summary>
/// <param name="FunctionId">Function id.</param>
/// <param name="Name">Function name.</param>
/// <param name="Group">Report group.</param>
/// <param name="Count">Invocations.</param>
/// <param name="TotalCpuNs">Sum of CPU demand over its invocations.</param>
/// <param name="MeanCpuDemandNs">Mean CPU demand per invocation (0 without invocations).</param>
/// <param name="MeanBlockedNs">Mean blocked time per invocation.</param>
/// <param name="OfferedUtilization">TotalCpuNs / (cpus * duration): the share of the machine it asks for.</param>
public sealed record FunctionStats(int FunctionId, string Name, string Group, int Count, long TotalCpuNs, double MeanCpuDemandNs,
    double MeanBlockedNs, double OfferedUtilization);
