namespace AlpsGhost.Workloads.Tests;

/// <summary>Every workload file in bench/workloads loads as shipped, at the sizes the benchmarks use.</summary>
public class ShippedWorkloadTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (string name in RepoPaths.ShippedWorkloadNames)
        {
            foreach (int cpus in new[] { 2, 16 })
            {
                yield return new TestCaseData(name, cpus).SetName($"{name} cpus={cpus}");
            }
        }
    }

    [Test]
    public void EveryJsonFileInTheFolderIsCovered()
    {
        string[] onDisk = Directory.GetFiles(RepoPaths.Workloads, "*.json").Select(Path.GetFileName).OfType<string>().Order().ToArray();
        Assert.That(onDisk, Is.EquivalentTo(RepoPaths.ShippedWorkloadNames));
    }

    [TestCaseSource(nameof(Cases))]
    public void LoadsWithADescriptionAndAPlausibleLoad(string name, int cpus)
    {
        Workload w = WorkloadFile.Load(Path.Combine(RepoPaths.Workloads, name), new WorkloadOverrides { CpuCount = cpus, Seed = 1 });
        var stats = WorkloadStats.Compute(w);
        TestContext.Out.WriteLine($"{name} cpus={cpus}: {stats.Invocations} invocations, offered utilization {stats.OfferedUtilization:F3}");
        Assert.That(w.Description, Is.Not.Null.And.Length.GreaterThan(80), "the file says what it models");
        Assert.That(w.TargetUtilization, Is.EqualTo(0.9));
        Assert.That(stats.Invocations, Is.GreaterThan(cpus == 2 ? 2_000 : 15_000), "enough invocations for stable statistics");
        Assert.That(stats.Invocations, Is.LessThan(200_000), "small enough to simulate quickly");
        // One seed's offered load varies around the target (Poisson counts, heavy tails); a loose band
        // still catches a broken scale (off by a factor).
        Assert.That(stats.OfferedUtilization, Is.InRange(0.65, 1.25));
        foreach (FunctionStats f in stats.Functions)
        {
            Assert.That(w.Functions[f.FunctionId].CgroupPath, Does.StartWith("/"));
            Assert.That(w.Functions[f.FunctionId].Comm.Length, Is.InRange(1, 15));
        }
    }

    [Test]
    public void FibGroupsSpansAtLeastTwoOrdersOfMagnitudeInMeanDemand()
    {
        Workload w = WorkloadFile.Load(Path.Combine(RepoPaths.Workloads, "fib-groups.json"), new WorkloadOverrides { CpuCount = 16, Seed = 1 });
        var groups = WorkloadStats.Compute(w).Groups;
        Assert.That(groups, Has.Count.EqualTo(4));
        double shortest = groups.Min(g => g.MeanCpuDemandNs);
        double longest = groups.Max(g => g.MeanCpuDemandNs);
        Assert.That(longest / shortest, Is.GreaterThanOrEqualTo(100));
        // Weighted toward short invocations, as in real FaaS.
        GroupStats mostInvoked = groups.MaxBy(g => g.Count)!;
        Assert.That(mostInvoked.MeanCpuDemandNs, Is.EqualTo(shortest));
    }

    [Test]
    public void MixedIoCpuHasCpuBoundAndIoBoundGroups()
    {
        Workload w = WorkloadFile.Load(Path.Combine(RepoPaths.Workloads, "mixed-io-cpu.json"), new WorkloadOverrides { CpuCount = 2, Seed = 4 });
        foreach (InvocationSpec inv in w.Invocations)
        {
            string group = w.Functions[inv.FunctionId].Group;
            if (group == "cpu")
            {
                Assert.That(inv.Phases, Has.Length.EqualTo(1));
                continue;
            }
            Assert.That(group, Is.EqualTo("io"));
            int waits = inv.Phases.Count(p => p.Kind == PhaseKind.Block);
            Assert.That(waits, Is.InRange(5, 10));
            Assert.That(inv.Phases, Has.Length.EqualTo((2 * waits) + 1));
            for (int k = 0; k < inv.Phases.Length; k++)
            {
                Assert.That(inv.Phases[k].Kind, Is.EqualTo(k % 2 == 0 ? PhaseKind.Cpu : PhaseKind.Block), "compute, block, compute, ...");
            }
        }
        var stats = WorkloadStats.Compute(w);
        GroupStats io = stats.Groups.Single(g => g.Group == "io");
        GroupStats cpu = stats.Groups.Single(g => g.Group == "cpu");
        Assert.That(io.Count, Is.GreaterThan(cpu.Count), "I/O functions are the frequent ones");
        Assert.That(io.OfferedUtilization, Is.LessThan(cpu.OfferedUtilization / 3), "but use little CPU");
    }

    [Test]
    public void EvenCpuSplitKeepsTheDrawnTotal()
    {
        const string json = """
            { "duration_s": 20, "functions": [ { "name": "f", "cpu": 10, "io": { "bursts": 3, "block": 2 }, "arrival": { "process": "poisson", "rate_per_s": 10 } } ] }
            """;
        Workload w = ScalingTests.Parse(json);
        Assert.That(w.Invocations, Is.Not.Empty);
        foreach (InvocationSpec inv in w.Invocations)
        {
            Assert.That(inv.CpuDemandNs, Is.EqualTo(10_000_000));
            Assert.That(inv.BlockedNs, Is.EqualTo(6_000_000));
            Assert.That(inv.Phases.Where(p => p.Kind == PhaseKind.Cpu).Select(p => p.DurationNs), Is.All.EqualTo(2_500_000));
        }
    }
}
