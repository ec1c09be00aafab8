using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Real;

/// <summary>What a real-thread run produced.</summary>
/// <param name="Report">The run in the agent's report shape (kernel <c>real</c>).</param>
/// <param name="MeasuredCpuNs">CPU time each invocation's thread consumed, by invocation index.</param>
/// <param name="CpuSet">CPUs the threads were pinned to.</param>
/// <param name="MaxLaunchLagNs">Largest delay between an invocation's scheduled arrival and its thread starting.</param>
internal sealed record RealRunResult(RunReport Report, long[] MeasuredCpuNs, IReadOnlyList<int> CpuSet, long MaxLaunchLagNs);
