using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Service.Stats;

/// <summary>
/// Publishes <see cref="AgentStatsSnapshot"/>s from the agent thread to any number of reader threads: the agent
/// thread builds an immutable snapshot every <see cref="IntervalNs"/> and swaps one reference; readers take the
/// last one. No lock anywhere; the agent pays one clock comparison per round between snapshots.
/// </summary>
public sealed class StatsPublisher
{
    private readonly Func<long, AgentStatsSnapshot> _capture;
    private AgentStatsSnapshot _current = AgentStatsSnapshot.Empty;
    private long _nextNs = long.MinValue;

    /// <summary>Creates a publisher.</summary>
    /// <param name="stats">The agent's counters.</param>
    /// <param name="policy">The current policy table.</param>
    /// <param name="functionNames">Function names by id (read on the agent thread).</param>
    /// <param name="learner">Learner counters, or null when not learning.</param>
    /// <param name="intervalNs">Minimum time between two snapshots.</param>
    /// <param name="completions">Completion-time histograms fed on the agent thread, or null.</param>
    public StatsPublisher(AgentStats stats, PolicyPublisher policy, Func<IReadOnlyList<string>> functionNames,
        Func<LearnerStats?>? learner = null, long intervalNs = 1_000_000_000, CompletionHistograms? completions = null)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(functionNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalNs, 1);
        Func<LearnerStats?> learnerStats = learner ?? (() => null);
        _capture = now => AgentStatsSnapshot.Capture(stats, now, policy.Current, functionNames(), learnerStats(), completions);
        IntervalNs = intervalNs;
    }

    /// <summary>Creates a publisher over any backend: <paramref name="capture"/> builds a snapshot from the clock (on the
    /// agent thread).</summary>
    public StatsPublisher(Func<long, AgentStatsSnapshot> capture, long intervalNs = 1_000_000_000)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalNs, 1);
        _capture = capture;
        IntervalNs = intervalNs;
    }

    /// <summary>Minimum time between two snapshots (ns).</summary>
    public long IntervalNs { get; }

    /// <summary>The last published snapshot (any thread).</summary>
    public AgentStatsSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Call on the agent thread after each round: publishes a new snapshot when the interval has passed.</summary>
    public void OnRound(long nowNs)
    {
        if (nowNs < _nextNs)
        {
            return;
        }
        Publish(nowNs);
    }

    /// <summary>Publishes a snapshot now (agent thread).</summary>
    public void Publish(long nowNs)
    {
        _nextNs = nowNs + IntervalNs;
        AgentStatsSnapshot next = _capture(nowNs);
        Volatile.Write(ref _current, next);
    }
}
