using AlpsGhost.Config;

namespace AlpsGhost.Agent.Policies;

/// <summary>Knobs of <see cref="AlpsPolicy"/> that the learned snapshot does not decide.</summary>
/// <remarks>Every default that the configuration also has is read from the configuration's default
/// (<see cref="AlpsConfig"/>), so a policy built with <c>new AlpsPolicyOptions()</c> (tests, benchmarks)
/// is the policy the agent ships, not an older variant of it.</remarks>
public sealed record AlpsPolicyOptions
{
    // The configuration's defaults: the one place they are written down.
    private static readonly AlpsConfig Shipped = new();

    /// <summary>
    /// Rank of tasks whose function the snapshot does not know; null (default) = the largest rank the
    /// snapshot assigns (1 when it knows nothing).
    /// </summary>
    /// <remarks>
    /// Why the largest known rank: unknown work must not jump ahead of learned short functions, yet it
    /// must never sit below every learned function, where a steady stream of known work would starve it
    /// forever. At the largest known rank it shares that level fairly (least CPU time first) with the
    /// longest known functions, so it is exactly as starvation-safe as the worst known function.
    /// </remarks>
    public int? UnknownFunctionRank { get; init; }

    /// <summary>Slice (ns) of tasks whose function the snapshot does not know; 0 = plain fair.</summary>
    public long UnknownFunctionSliceNs { get; init; }

    /// <summary>
    /// Least time (ns) a dispatched task keeps its CPU even when its slice is shorter (like CFS's minimum
    /// granularity): without it, two tasks of equal rank and slice 0 would swap CPUs on every agent
    /// round. Default 1 ms.
    /// </summary>
    public long MinimumRunNs { get; init; } = 1_000_000;

    /// <summary>
    /// Starvation bound (ns): a task that has waited this long since it became runnable is served before
    /// every task that has not, oldest first, whatever its rank; 0 disables aging (strict ranks). Default:
    /// the configuration's <c>starvation_limit_ms</c>.
    /// </summary>
    /// <remarks>Strict ranks imitate SRPT, which can starve the longest functions under sustained load of
    /// short ones; ghOSt's runnable_timeout would then destroy the enclave. The bound keeps every task's
    /// wait finite at a small cost in mean completion time (measured in docs/alps-evaluation.md).</remarks>
    public long StarvationLimitNs { get; init; } = Shipped.StarvationLimitMs * 1_000_000L;

    /// <summary>Protected run (ns) of a task dispatched because it aged, so it makes progress before a
    /// better-ranked task can take the CPU back. Default: the configuration's <c>aged_quantum_ms</c>.</summary>
    public long AgedQuantumNs { get; init; } = Shipped.AgedQuantumMs * 1_000_000L;

    /// <summary>Name the policy reports (<c>alps</c>, or <c>alps-io</c> for the I/O-aware mode).</summary>
    public string Name { get; init; } = "alps";

    /// <summary>
    /// Preemption guard (ns), the <c>alps-io</c> mode: a dispatched task keeps its CPU for at least this
    /// long before a task of strictly better rank may preempt it; 0 (default, <c>alps</c>) = off.
    /// </summary>
    /// <remarks>I/O-bound functions use little CPU, so they rank first and, waking up after every blocking
    /// wait, would preempt CPU-bound work at each wake-up (the ghOSt study's priority inversion,
    /// docs/algorithm.md §6). The guard bounds those preemptions to one per guard interval per CPU; the
    /// woken task waits at most the guard. Measured in docs/alps-io.md.</remarks>
    public long PreemptGuardNs { get; init; }

    /// <summary>
    /// Order within a rank, the <c>alps-io</c> mode: true = round robin (tasks of one rank take turns, each
    /// protected for its slice); false (default, <c>alps</c>) = least CPU time used first.
    /// </summary>
    /// <remarks>Least CPU time first among tasks of one function favours its newest invocation over older ones
    /// that have run longer, so under load the longest function's oldest invocations wait behind every newer
    /// one: that, not I/O wake-ups, is the cpu-p99 regression measured on mixed-io-cpu (docs/alps-io.md).
    /// Round robin bounds that wait like a fair scheduler does, while the ranks keep ALPS's order between functions.</remarks>
    public bool RoundRobinWithinRank { get; init; }

    /// <summary>How runnable tasks are ordered: by function rank (the original ALPS) or by the learned service
    /// curves' Gittins index (<see cref="AlpsOrder"/>). Default: the configuration's <c>order</c> (Gittins).</summary>
    public AlpsOrder Order { get; init; } = Shipped.Order == AlpsOrderKind.Gittins ? AlpsOrder.Gittins : AlpsOrder.Rank;

    /// <summary>
    /// With <see cref="AlpsOrder.Gittins"/>: whether a dispatch is protected for its function's learned slice. Default
    /// false: only <see cref="MinimumRunNs"/> and the aged quantum protect it. The rank order always applies slices.
    /// </summary>
    /// <remarks>The original ALPS needs its slice because one rank per function cannot say when a running invocation
    /// should yield; the index can: it is re-read as the task runs, and the agent wakes exactly when it passes a waiting
    /// task's. A protected slice on top only keeps strictly better work waiting: on mixed-io-cpu at 16 CPUs the io
    /// group's wake-ups waited behind cpu tasks' slices (first round at 1 s: alps closed 0.85 of the cfs-to-gittins-oracle
    /// gap with slices, 1.00 without; auth-video 0.94 -> 0.99), and the oracle, which closes the bound, runs without slices
    /// (docs/alps-evaluation.md, "Thin and wide data"). The stock-Linux backend keeps its own slice rule
    /// (docs/linux-backend.md).</remarks>
    public bool SlicesInIndexOrder { get; init; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("AlpsPolicyOptions.Name must not be empty", nameof(Name));
        }
        if (PreemptGuardNs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PreemptGuardNs), PreemptGuardNs, "AlpsPolicyOptions.PreemptGuardNs must not be negative");
        }
        if (UnknownFunctionRank is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(UnknownFunctionRank), UnknownFunctionRank, "AlpsPolicyOptions.UnknownFunctionRank must be >= 1 (1 runs first) or null");
        }
        if (UnknownFunctionSliceNs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(UnknownFunctionSliceNs), UnknownFunctionSliceNs, "AlpsPolicyOptions.UnknownFunctionSliceNs must not be negative");
        }
        if (StarvationLimitNs < 0 || AgedQuantumNs < 0)
        {
            throw new ArgumentOutOfRangeException(StarvationLimitNs < 0 ? nameof(StarvationLimitNs) : nameof(AgedQuantumNs),
                "AlpsPolicyOptions.StarvationLimitNs and AgedQuantumNs must not be negative");
        }
        if (MinimumRunNs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumRunNs), MinimumRunNs, "AlpsPolicyOptions.MinimumRunNs must not be negative");
        }
    }
}
