using AlpsGhost.Ghost;
using AlpsGhost.Runs;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Workloads;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>A streamed workload (invocations drawn as they arrive, tasks dropped after their exit) gives the very
/// report the materialised workload gives: streaming changes memory, never results.</summary>
public class StreamedRunTests
{
    private static readonly object[] Policies =
    [
        new object[] { PolicyNames.Cfs, false },
        new object[] { PolicyNames.Fifo, false },
        new object[] { PolicyNames.Sfs, false },
        new object[] { PolicyNames.Alps, true },
        new object[] { PolicyNames.Alps, false },
        new object[] { PolicyNames.Srpt, false },
        new object[] { PolicyNames.GittinsOracle, false },
        new object[] { PolicyNames.GittinsOracleSeen, false },
    ];

    [TestCaseSource(nameof(Policies))]
    public void AStreamedRunReportsExactlyWhatTheMaterialisedRunReports(string policy, bool learning)
    {
        // Protects item 3 of issue 14's scale work: if the streamed kernel created, ordered, looked up or dropped a
        // task differently (tie-breaks by index, gtid lookups, the outcome of an unfinished task), a completion time
        // or a counter would differ. Learning alps covers the learner's fair-class work spawned during the run.
        const int Cpus = 4;
        const ulong Seed = 3;
        var overrides = new WorkloadOverrides { CpuCount = Cpus, Seed = Seed };
        Workload whole = WorkloadFile.Parse(Scenario.Mixed, "scenario.json", TestContext.CurrentContext.TestDirectory, overrides);
        StreamedWorkload streamed = WorkloadFile.ParseStreamed(Scenario.Mixed, "scenario.json", TestContext.CurrentContext.TestDirectory, overrides);
        RunRequest request = Scenario.Request(policy, Cpus, Seed, AgentMode.QueueWakeup, learning);

        RunReport materialised = SimulationRun.Run(whole, request, TextWriter.Null);
        RunReport fromStream = SimulationRun.Run(streamed, request, TextWriter.Null);

        Assert.That(materialised.Overall.Completed, Is.EqualTo(whole.Invocations.Count), "the comparison covers a complete run");
        Assert.That(fromStream.ToJson(), Is.EqualTo(materialised.ToJson()));
        Assert.That(fromStream.ToCsv(), Is.EqualTo(materialised.ToCsv()));
        Assert.That(fromStream.Records, Is.Empty, "a streamed run keeps summaries, not one record per invocation");
    }

    [Test]
    public void OutcomesInExitOrderSummariseExactlyAsRecordsInInvocationOrder()
    {
        // Protects the streamed summary: the mean slowdown is a floating-point sum in invocation order, and outcomes
        // arrive in exit order. Adding shuffled records must give the bit-identical summaries of the ordered list.
        var rng = new Random(5);
        var records = new List<CompletionRecord>();
        for (int i = 0; i < 5000; i++)
        {
            long arrival = i * 1_000_003L;
            long demand = rng.NextInt64(1, 50_000_000);
            bool done = rng.Next(50) > 0;
            records.Add(new CompletionRecord(rng.Next(3), arrival, done ? arrival + demand + rng.NextInt64(0, 90_000_000) : -1, demand, rng.Next(4), done));
        }
        (string, string)[] functions = [("a", "g1"), ("b", "g1"), ("c", "g2")];
        (LatencySummary overall, List<FunctionReport> lines) = RunReport.Summarise(records, functions, 6_000_000_000);

        var summary = new InvocationOrderSummary(functions.Length);
        int[] order = [.. Enumerable.Range(0, records.Count)];
        rng.Shuffle(order);
        foreach (int id in order)
        {
            summary.Add(id, records[id]);
        }
        (LatencySummary streamedOverall, List<FunctionReport> streamedLines) = summary.Summarise(functions, 6_000_000_000);

        Assert.That(streamedOverall, Is.EqualTo(overall));
        Assert.That(streamedLines, Is.EqualTo(lines));
        Assert.That(summary.PeakWaiting, Is.GreaterThan(0), "the shuffle made records wait for earlier ones");
    }

    [Test]
    public void ASummaryWithAGapOrATwiceRecordedInvocationIsRefused()
    {
        // An invocation recorded twice, or one never recorded, would silently skew the report: both are refused.
        var summary = new InvocationOrderSummary(1);
        var r = new CompletionRecord(0, 0, 5, 5, 0, true);
        summary.Add(1, r);
        Assert.That(() => summary.Add(1, r), Throws.ArgumentException);
        Assert.That(() => summary.Summarise([("f", "g")], 10), Throws.InvalidOperationException.With.Message.Contains("invocation 0"));
        summary.Add(0, r);
        Assert.That(() => summary.Add(0, r), Throws.ArgumentException);
        Assert.That(summary.Summarise([("f", "g")], 10).Overall.Completed, Is.EqualTo(2));
    }

    [Test]
    public void TheSimulatedLinuxHostRefusesAStreamedWorkload()
    {
        // The Linux twin shifts every arrival by its process start, which needs the materialised list: a streamed
        // workload must be refused with a message, not replayed without the shift.
        StreamedWorkload streamed = WorkloadFile.ParseStreamed(Scenario.Mixed, "scenario.json", TestContext.CurrentContext.TestDirectory,
            new WorkloadOverrides { CpuCount = 2, Seed = 1 });
        RunRequest request = Scenario.Request(PolicyNames.Alps, 2, 1) with { Host = RunRequest.LinuxHost };
        Assert.That(() => SimulationRun.Run(streamed, request, TextWriter.Null),
            Throws.ArgumentException.With.Message.Contains("materialised"));
    }
}
