using AlpsGhost.Kernel;

namespace AlpsGhost.Bench.Tests;

/// <summary><c>run --fair-class</c> and <c>--costs</c>: bad values are usage errors; good ones reach the report.</summary>
[TestFixture]
public sealed class FairClassAndCostsCliTests
{
    [Test]
    public void UnknownFairClass_IsAUsageError()
    {
        (int rc, _, string errors) = Cli.Run("run", "--workloads", "fib-groups", "--policies", "cfs", "--fair-class", "cfs", "--out", "/tmp/alps-bench-never");
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("cfs-5.11").And.Contain("eevdf"), "the accepted names are listed");
    }

    [Test]
    public void InvalidCostProfile_IsAUsageErrorNamingTheField()
    {
        string workload = TestWorkloads.Write("tiny", TestWorkloads.Tiny);
        string dir = Path.GetDirectoryName(workload)!;
        string costs = Path.Combine(dir, "costs.json");
        File.WriteAllText(costs, """{ "format": "alps-ghost-cost-profile", "version": 7 }""");
        (int rc, _, string errors) = Cli.Run("run", "--workloads", workload, "--policies", "cfs", "--costs", costs, "--out", Path.Combine(dir, "out"));
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("--costs").And.Contain("'version' is 7"));
        Assert.That(Directory.Exists(Path.Combine(dir, "out")), Is.False, "nothing is written for bad input");
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void EevdfRun_WithAProfile_SaysWhichModelAndCostsRan()
    {
        string workload = TestWorkloads.Write("tiny", TestWorkloads.Tiny);
        string dir = Path.GetDirectoryName(workload)!;
        var values = new Dictionary<string, HostCost>();
        foreach (string name in HostCostProfile.Names)
        {
            values[name] = new HostCost(1000, 10, "cpu-time");
        }
        string costs = Path.Combine(dir, "costs.json");
        File.WriteAllText(costs, new HostCostProfile("test-vm", "6.18", 2, "2026-12-01T00:00:00Z", [0.1, 0.1, 0.1], "alps-bench calibrate --costs-out costs.json", values).ToJson());
        string outDir = Path.Combine(dir, "out");
        (int rc, _, string errors) = Cli.Run("run", "--workloads", workload, "--policies", "cfs", "--fair-class", "eevdf", "--costs", costs, "--out", outDir, "--no-plots");
        Assert.That(rc, Is.EqualTo(0), errors);
        string report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.That(report, Does.Contain("Fair class: **eevdf**"));
        Assert.That(report, Does.Contain("host costs measured 2026-12-01T00:00:00Z on test-vm"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "results.json")), Does.Contain("simulated fair class: eevdf"));
        Directory.Delete(dir, recursive: true);
    }
}
