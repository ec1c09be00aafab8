using AlpsGhost.Service.Stats;

namespace AlpsGhost.Service.Tests.Stats;

/// <summary>The stats snapshot: published on the agent thread at its interval, rendered as valid Prometheus text.</summary>
public class AgentStatsSnapshotTests
{
    [Test]
    public void PrometheusTextHasTheExpectedMetricsAndParses()
    {
        (StatsPublisher publisher, _, _) = SimulatedAgentRun.Run(intervalNs: 100_000_000);
        var samples = PrometheusText.Parse(publisher.Current.ToPrometheusText());
        var names = samples.Select(s => s.Name).ToHashSet();
        Assert.That(names, Is.SupersetOf(new[]
        {
            "alps_ghost_agent_info", "alps_ghost_rounds_total", "alps_ghost_decisions_total",
            "alps_ghost_run_queue_depth", "alps_ghost_txn_outcomes_total", "alps_ghost_messages_total", "alps_ghost_function_rank",
            "alps_ghost_function_slice_seconds", "alps_ghost_learner_window_size", "alps_ghost_learner_last_round_seconds",
            "alps_ghost_learner_rounds_total", "alps_ghost_learner_failures_total", "alps_ghost_observation_drops_total",
        }));
        var info = samples.Single(s => s.Name == "alps_ghost_agent_info");
        Assert.That(info.Labels, Is.EquivalentTo(new Dictionary<string, string> { ["mode"] = "spinning", ["policy"] = "alps" }));
        Assert.That(samples.Single(s => s.Name == "alps_ghost_txn_outcomes_total" && s.Labels["state"] == "GHOST_TXN_COMPLETE").Value,
            Is.GreaterThan(0), "a run completes transactions");
        Assert.That(samples.Single(s => s.Name == "alps_ghost_messages_total" && s.Labels["type"] == "MSG_TASK_NEW").Value, Is.GreaterThan(0));
        Assert.That(samples.Single(s => s.Name == "alps_ghost_function_rank" && s.Labels["function"] == "fib-short").Value, Is.EqualTo(1));
        Assert.That(samples.Single(s => s.Name == "alps_ghost_function_slice_seconds" && s.Labels["function"] == "fib-medium").Value, Is.EqualTo(0.008));
        Assert.That(samples.Single(s => s.Name == "alps_ghost_learner_window_size").Value, Is.EqualTo(123));
        Assert.That(samples.Single(s => s.Name == "alps_ghost_learner_last_round_seconds").Value, Is.EqualTo(0.25));
        Assert.That(samples.All(s => s.Labels.Count == 0 || s.Labels.Keys.All(k => k is "state" or "type" or "function" or "mode" or "policy" or "le")), Is.True);
    }

    [Test]
    public void RatesAreLeftToPrometheusCountersEndInTotal()
    {
        // Prometheus conventions (issue 16): a rate is rate(x_total[...]) at query time, not a gauge over the
        // agent's publishing interval; every counter's name ends in _total.
        (StatsPublisher publisher, _, _) = SimulatedAgentRun.Run(intervalNs: 100_000_000);
        string text = publisher.Current.ToPrometheusText();
        Assert.That(text, Does.Not.Contain("per_second"));
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal) && line.EndsWith(" counter", StringComparison.Ordinal))
            {
                Assert.That(line.Split(' ')[2], Does.EndWith("_total"), line);
            }
        }
    }

    [Test]
    public void SnapshotsArePublishedAtTheInterval()
    {
        (_, var agent, List<AgentStatsSnapshot> published) = SimulatedAgentRun.Run(intervalNs: 100_000_000);
        Assert.That(published, Has.Count.GreaterThan(5), "a 1 s+ run publishes every 100 ms of agent time");
        for (int i = 1; i < published.Count; i++)
        {
            AgentStatsSnapshot a = published[i - 1], b = published[i];
            Assert.That(b.TimestampNs - a.TimestampNs, Is.GreaterThanOrEqualTo(100_000_000), "never more often than the interval");
            Assert.That(b.Decisions, Is.GreaterThanOrEqualTo(a.Decisions), "decisions is a counter: it never goes down");
        }
        Assert.That(published[^1].Decisions, Is.GreaterThan(0));
        Assert.That(published[^1].Decisions, Is.LessThanOrEqualTo(agent.Stats.Decisions), "snapshots are copies, not live views");
    }

    [Test]
    public void KernelNamesEscapingAndTheEmptySnapshot()
    {
        Assert.That(AgentStatsSnapshot.KernelMessageName(AlpsGhost.Ghost.Abi.GhostMessageType.TaskNew), Is.EqualTo("MSG_TASK_NEW"));
        Assert.That(AgentStatsSnapshot.KernelMessageName(AlpsGhost.Ghost.Abi.GhostMessageType.CpuAgentBlocked), Is.EqualTo("MSG_CPU_AGENT_BLOCKED"));
        Assert.That(AgentStatsSnapshot.Escape("a\"b\\c\nd"), Is.EqualTo("a\\\"b\\\\c\\nd"), "label values escape quote, backslash, newline");
        var samples = PrometheusText.Parse(AgentStatsSnapshot.Empty.ToPrometheusText());
        Assert.That(samples.Single(s => s.Name == "alps_ghost_learner_enabled").Value, Is.EqualTo(0), "no learner before the first snapshot");
    }
}
