using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Service.Stats;

namespace AlpsGhost.Service.Tests.Stats;

/// <summary>The per-function completion-time histograms of the metrics endpoint: Prometheus histogram semantics,
/// every completion counted once, bounded memory through eviction of idle functions.</summary>
public class CompletionHistogramsTests
{
    private const string Family = "alps_ghost_function_completion_seconds";

    [Test]
    public void AScrapeHasOneCumulativeHistogramPerFunctionCountingEveryCompletion()
    {
        (StatsPublisher publisher, var agent, _) = SimulatedAgentRun.Run(intervalNs: 100_000_000);
        var samples = PrometheusText.Parse(publisher.Current.ToPrometheusText());
        string[] functions = samples.Where(s => s.Name == Family + "_count").Select(s => s.Labels["function"]).ToArray();
        Assert.That(functions, Has.Length.GreaterThan(1), "fib-groups completes invocations of several functions");
        double counted = 0;
        foreach (string f in functions)
        {
            double[] buckets = samples.Where(s => s.Name == Family + "_bucket" && s.Labels["function"] == f).Select(s => s.Value).ToArray();
            string[] les = samples.Where(s => s.Name == Family + "_bucket" && s.Labels["function"] == f).Select(s => s.Labels["le"]).ToArray();
            Assert.That(les, Has.Length.EqualTo(CompletionHistograms.BoundsSeconds.Count + 1));
            Assert.That(les[^1], Is.EqualTo("+Inf"), "the last bucket is +Inf");
            Assert.That(buckets, Is.Ordered, $"{f}: buckets are cumulative");
            double count = samples.Single(s => s.Name == Family + "_count" && s.Labels["function"] == f).Value;
            Assert.That(buckets[^1], Is.EqualTo(count), $"{f}: le=+Inf equals _count");
            Assert.That(samples.Single(s => s.Name == Family + "_sum" && s.Labels["function"] == f).Value, Is.GreaterThan(0));
            counted += count;
        }
        double unattributed = samples.Single(s => s.Name == "alps_ghost_unattributed_completions_total").Value;
        Assert.That(agent.Stats.TasksCompleted, Is.GreaterThan(0));
        Assert.That(counted + unattributed, Is.EqualTo(agent.Stats.TasksCompleted), "every completion is in exactly one histogram or unattributed");
    }

    [Test]
    public void BucketBoundsAreInclusiveAndSlowerThanTheLastBoundOnlyCountInInf()
    {
        var h = new CompletionHistograms(4, idleNs: 60_000_000_000);
        h.Record(0, 1_000_000, endNs: 10);       // exactly 1 ms: le="0.001"
        h.Record(0, 1_000_001, endNs: 10);       // just above: le="0.0025"
        h.Record(0, 120_000_000_000, endNs: 10); // 2 min: only +Inf
        FunctionCompletions f = h.Capture(20, ["f"]).Single();
        Assert.That(f.CumulativeCounts[0], Is.EqualTo(1));
        Assert.That(f.CumulativeCounts[1], Is.EqualTo(2));
        Assert.That(f.CumulativeCounts[^2], Is.EqualTo(2), "le=\"60\" excludes the 2-minute invocation");
        Assert.That(f.CumulativeCounts[^1], Is.EqualTo(3));
        Assert.That(f.Count, Is.EqualTo(3));
        Assert.That(f.SumSeconds, Is.EqualTo(120.002000001).Within(1e-9));
    }

    [Test]
    public void AFunctionIdleForTheWindowLeavesTheScrapeAndComesBackFromZero()
    {
        const long Second = 1_000_000_000;
        var h = new CompletionHistograms(4, idleNs: 60 * Second);
        string[] names = ["idle", "busy"];
        h.Record(0, 5_000_000, endNs: 1 * Second);
        h.Record(1, 5_000_000, endNs: 50 * Second);
        Assert.That(Functions(Scrape(h, 60 * Second, names)), Is.EquivalentTo(new[] { "idle", "busy" }), "both within the window");
        Assert.That(Functions(Scrape(h, 62 * Second, names)), Is.EquivalentTo(new[] { "busy" }), "idle for over 60 s: evicted");
        Assert.That(h.ActiveCount, Is.EqualTo(1));
        h.Record(0, 5_000_000, endNs: 63 * Second);
        var samples = Scrape(h, 64 * Second, names);
        Assert.That(samples.Single(s => s.Name == Family + "_count" && s.Labels["function"] == "idle").Value, Is.EqualTo(1),
            "a returning function starts again from zero (a counter reset to Prometheus)");
    }

    [Test]
    public void UnknownFunctionsAndIdsBeyondTheBoundAreUnattributed()
    {
        var h = new CompletionHistograms(2, idleNs: 1_000);
        h.Record(-1, 10, 10);
        h.Record(2, 10, 10);
        h.Record(1, 10, 10);
        Assert.That(h.Unattributed, Is.EqualTo(2));
        Assert.That(h.Capture(10, ["a", "b"]).Select(f => f.Name), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void TheQueueTellsTheRecorderOfEveryCompletionEvenWhenFullOrWithoutReader()
    {
        var h = new CompletionHistograms(4, idleNs: 60_000_000_000);
        var full = new ObservationQueue(2, h);
        var noReader = ObservationQueue.CompletionsOnly(h);
        var done = new InvocationRecord { FunctionId = 0, ArrivalNs = 100, EndNs = 2_100, Completed = true };
        var progress = done with { Completed = false };
        for (int i = 0; i < 3; i++)
        {
            full.TryWrite(in done);
            noReader.TryWrite(in done);
            noReader.TryWrite(in progress);
        }
        Assert.That(full.Dropped, Is.EqualTo(1), "the third write overflowed the 2-slot ring");
        Assert.That(noReader.Dropped, Is.Zero, "a queue without reader stores nothing and drops nothing");
        Assert.That(noReader.Count, Is.Zero);
        FunctionCompletions f = h.Capture(3_000, ["f"]).Single();
        Assert.That(f.Count, Is.EqualTo(6), "3 + 3 completions; progress records are not completions");
        Assert.That(f.SumSeconds, Is.EqualTo(6 * 2e-6).Within(1e-15));
    }

    private static List<(string Name, Dictionary<string, string> Labels, double Value)> Scrape(CompletionHistograms h, long nowNs, string[] names) =>
        PrometheusText.Parse(AgentStatsSnapshot.CaptureBackend("tick", "alps", 0, 0, 0, 0, [], nowNs, PolicySnapshot.Empty, names, null, h).ToPrometheusText());

    private static string[] Functions(List<(string Name, Dictionary<string, string> Labels, double Value)> samples) =>
        samples.Where(s => s.Name == Family + "_count").Select(s => s.Labels["function"]).ToArray();
}
