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
        Assert.That(fromStream.Records, Is.EqualTo(materialised.Records), "every invocation's record, in invocation order");
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
