namespace AlpsGhost.Workloads.Tests;

/// <summary>Stats are exact sums over the invocations, relative to cpus x duration.</summary>
public class WorkloadStatsTests
{
    [Test]
    public void CountsMeansAndUtilizationAreExact()
    {
        FunctionSpec a = new(0, "a", "g1", "a", "/faas/a", true, null);
        FunctionSpec b = new(1, "b", "g1", "b", "/faas/b", true, null);
        FunctionSpec c = new(2, "c", "g2", "c", "/faas/c", false, null);
        var invocations = new[]
        {
            new InvocationSpec(0, 0, 0, [new Phase(PhaseKind.Cpu, 100)]),
            new InvocationSpec(1, 1, 10, [new Phase(PhaseKind.Cpu, 50), new Phase(PhaseKind.Block, 1000), new Phase(PhaseKind.Cpu, 50)]),
            new InvocationSpec(2, 0, 20, [new Phase(PhaseKind.Cpu, 300)]),
        };
        var w = new Workload("t", [a, b, c], invocations) { DurationNs = 1000, CpuCount = 2 };
        var s = WorkloadStats.Compute(w);
        Assert.That(s.Invocations, Is.EqualTo(3));
        Assert.That(s.TotalCpuNs, Is.EqualTo(500));
        Assert.That(s.TotalBlockedNs, Is.EqualTo(1000));
        Assert.That(s.OfferedUtilization, Is.EqualTo(0.25));
        Assert.That(s.Functions[0], Is.EqualTo(new FunctionStats(0, "a", "g1", 2, 400, 200, 0, 0.2)));
        Assert.That(s.Functions[1], Is.EqualTo(new FunctionStats(1, "b", "g1", 1, 100, 100, 1000, 0.05)));
        Assert.That(s.Functions[2].Count, Is.Zero);
        Assert.That(s.Groups, Is.EqualTo(new[] { new GroupStats("g1", 2, 3, 500, 500 / 3.0, 0.25), new GroupStats("g2", 1, 0, 0, 0, 0) }));
        Assert.That(WorkloadStats.Compute(w, cpuCount: 4, durationNs: 500).OfferedUtilization, Is.EqualTo(0.25));
    }

    [Test]
    public void UnknownDurationFallsBackToTheLastArrival()
    {
        FunctionSpec a = new(0, "a", "a", "a", "/faas/a", true, null);
        var w = new Workload("t", [a], [new InvocationSpec(0, 0, 999, [new Phase(PhaseKind.Cpu, 500)])]);
        Assert.That(w.EffectiveDurationNs, Is.EqualTo(1000));
        Assert.That(WorkloadStats.Compute(w).OfferedUtilization, Is.EqualTo(0.5));
    }
}
