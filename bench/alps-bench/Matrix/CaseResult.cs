using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Matrix;

/// <summary>One cell of the matrix: a workload run under a policy with a seed.</summary>
/// <param name="Workload">Workload name as given on the command line.</param>
/// <param name="Policy">Policy name as given (<c>alps-static</c> included).</param>
/// <param name="Seed">Seed of workload and kernel.</param>
/// <param name="Cpus">CPUs of the simulated machine.</param>
/// <param name="AgentMode">Agent mode that ran (<c>none</c> for cfs).</param>
/// <param name="Report">The agent's report of the run.</param>
/// <param name="Groups">Per-group statistics, <c>all</c> first, then the workload's groups in order.</param>
internal sealed record CaseResult(string Workload, string Policy, ulong Seed, int Cpus, string AgentMode, RunReport Report, IReadOnlyList<GroupResult> Groups);
