namespace AlpsGhost.Bench.Real;

/// <summary>What a real run measured besides completion times: the agent's cost, the safety checks and how idle the machine was.</summary>
/// <param name="LoadBefore">1-minute load average just before the run (includes the decay of the previous run's own load).</param>
/// <param name="OtherCpuShare">CPU time used by anything but the invocations, the launcher and the agent during the run, as a fraction of the machine (all CPUs x wall time).</param>
/// <param name="WallNs">Wall time of the launcher's run (first arrival to last exit).</param>
/// <param name="AgentCpuNs">The agent's CPU time from READY to the last exit (from /proc/&lt;pid&gt;/stat); -1 without an agent.</param>
/// <param name="AgentSummary">The agent's exit summary line, if it printed one.</param>
/// <param name="AgentExitCode">The agent's exit code after SIGTERM (null: no agent, or it had to be killed).</param>
/// <param name="Lost">Invocations that did not complete (not launched, killed, failed, or no report).</param>
/// <param name="LeftRaised">Tasks outside the fair class after the run that were not before it (must be empty).</param>
/// <param name="Stragglers">Invocation processes still alive after the run (must be 0).</param>
/// <param name="EndedRaised">Invocations that finished while raised by the agent (normal: a short task's whole run is inside its slice).</param>
/// <param name="MaxLaunchLagNs">Largest delay from an arrival to its fork.</param>
/// <param name="DemandCpuNs">Total CPU demand of the schedule.</param>
/// <param name="MeasuredCpuNs">Total CPU time the invocations' phases consumed (process CPU clocks).</param>
/// <param name="StartupCpuNs">Total CPU time of starting the invocations (fork, exec, loading), not in the demand.</param>
internal sealed record RealRunFacts(
    double LoadBefore,
    double OtherCpuShare,
    long WallNs,
    long AgentCpuNs,
    AgentExitSummary? AgentSummary,
    int? AgentExitCode,
    int Lost,
    IReadOnlyList<string> LeftRaised,
    int Stragglers,
    int EndedRaised,
    long MaxLaunchLagNs,
    long DemandCpuNs,
    long MeasuredCpuNs,
    long StartupCpuNs)
{
    /// <summary>Above this share of the machine used by other processes, a run is marked as not idle.</summary>
    public const double IdleOtherCpuShare = 0.05;

    /// <summary>Nothing else used more than <see cref="IdleOtherCpuShare"/> of the machine during the run.</summary>
    public bool Idle => OtherCpuShare <= IdleOtherCpuShare;

    /// <summary>Every invocation completed, none survived, nothing is left outside the fair class.</summary>
    public bool Safe => Lost == 0 && Stragglers == 0 && LeftRaised.Count == 0;

    /// <summary>The agent's CPU use in % of one CPU over the run (NaN without an agent).</summary>
    public double AgentCpuPercent => AgentCpuNs < 0 || WallNs <= 0 ? double.NaN : AgentCpuNs * 100.0 / WallNs;

    /// <summary>The agent's system calls (its whole life's count, start-up included) per second of the run's wall time (NaN without a summary).</summary>
    public double AgentSyscallsPerSecond => AgentSummary is null || WallNs <= 0 ? double.NaN : AgentSummary.Syscalls / (WallNs / 1e9);
}
