using System.Globalization;
using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Tests;

/// <summary>A trace replay keeps each function's per-minute shape (scaled), draws demands from that
/// function's own percentile table, and meets the target utilization.</summary>
public class AzureReplayTests
{
    private const int Start = 720;
    private const int Minutes = 3;

    private static string Json(string extra = "") => $$"""
        { "utilization": 0.9, "trace": { "format": "azure2019", "dir": "../traces/azure2019/10", "start_minute": {{Start}}, "minutes": {{Minutes}} {{extra}} } }
        """;

    [TestCase(2)]
    [TestCase(16)]
    public void PerMinuteCountsAreTheTraceCountsTimesOneScale(int cpus)
    {
        Workload w = ScalingTests.Parse(Json(), cpus, seed: 8);
        Dictionary<string, (int[] Counts, double[] Pct)> trace = ReadTrace();
        Assert.That(w.Functions, Has.Count.EqualTo(10));

        // The scale the rule promises: 0.9 * cpus / sum_f(mean_f * rate_f), with the table's analytic mean.
        double load = 0;
        foreach (FunctionSpec f in w.Functions)
        {
            (int[] counts, double[] pct) = trace[f.Name];
            load += new PercentileDistribution(pct).Mean / 1000.0 * counts.Sum() / (Minutes * 60.0);
        }
        double scale = 0.9 * cpus / load;

        var perMinute = new int[w.Functions.Count, Minutes];
        foreach (InvocationSpec inv in w.Invocations)
        {
            perMinute[inv.FunctionId, inv.ArrivalNs / 60_000_000_000L]++;
        }
        for (int f = 0; f < w.Functions.Count; f++)
        {
            int[] counts = trace[w.Functions[f].Name].Counts;
            for (int m = 0; m < Minutes; m++)
            {
                double expected = scale * counts[m];
                Assert.That(perMinute[f, m], Is.InRange(Math.Floor(expected), Math.Ceiling(expected)),
                    $"{w.Functions[f].Name} minute {m}: trace {counts[m]} x {scale:F4}");
            }
        }
    }

    [Test]
    public void DemandsStayInsideEachFunctionsPercentileRangeAndFollowItsMedian()
    {
        Workload w = ScalingTests.Parse(Json(), 16, seed: 3);
        Dictionary<string, (int[] Counts, double[] Pct)> trace = ReadTrace();
        var byFunction = new List<double>[w.Functions.Count];
        for (int f = 0; f < byFunction.Length; f++)
        {
            byFunction[f] = [];
        }
        foreach (InvocationSpec inv in w.Invocations)
        {
            byFunction[inv.FunctionId].Add(inv.CpuDemandNs / 1e6);
        }
        for (int f = 0; f < byFunction.Length; f++)
        {
            double[] pct = trace[w.Functions[f].Name].Pct;
            List<double> d = byFunction[f];
            Assert.That(d.Min(), Is.GreaterThanOrEqualTo(pct[0] - 1e-6), w.Functions[f].Name);
            Assert.That(d.Max(), Is.LessThanOrEqualTo(pct[6] + 1e-6), w.Functions[f].Name);
            if (d.Count >= 400)
            {
                d.Sort();
                double median = d[d.Count / 2];
                Assert.That(median, Is.InRange(pct[2], pct[4]), $"{w.Functions[f].Name}: median between p25 and p75");
            }
        }
    }

    [Test]
    public void CapLowersOnlyTheTableTopAndNamesAndGroupsAreStable()
    {
        Workload w = ScalingTests.Parse(Json(", \"cap_ms\": 1000"), 4, seed: 1);
        Assert.That(w.Invocations.Max(i => i.CpuDemandNs), Is.LessThanOrEqualTo(1_000_000_000));
        Assert.That(w.Functions.Select(f => f.Name), Is.Unique.And.All.Length.EqualTo(8));
        FunctionSpec fast = w.Functions.Single(f => f.Name == "308ecb6c");
        Assert.That(fast.Group, Is.EqualTo("short"));
        Assert.That(fast.CgroupPath, Is.EqualTo("/faas/308ecb6c"));
        Assert.That(w.Functions.Single(f => f.Name == "8203ff88").Group, Is.EqualTo("medium"), "the cap lowers its mean below 1 s");
        Workload uncapped = ScalingTests.Parse(Json(), 4, seed: 1);
        Assert.That(uncapped.Functions.Single(f => f.Name == "8203ff88").Group, Is.EqualTo("long"), "mean 1.6 s");
        Assert.That(uncapped.Invocations.Max(i => i.CpuDemandNs), Is.GreaterThan(1_000_000_000));
    }

    [Test]
    public void UtilizationIsMetOnALargeMachine()
    {
        // Capped, so the heavy tails of single samples cannot dominate; many invocations.
        var stats = WorkloadStats.Compute(ScalingTests.Parse(Json(", \"cap_ms\": 3000"), 32, seed: 2));
        Assert.That(stats.OfferedUtilization, Is.EqualTo(0.9).Within(0.027));
    }

    [Test]
    public void FunctionLimitKeepsTheFirstFunctions()
    {
        Workload w = ScalingTests.Parse(Json(", \"functions\": 3"), 2);
        Assert.That(w.Functions.Select(f => f.Name), Is.EqualTo(new[] { "47658c9c", "2b373145", "f8c5d1ba" }));
    }

    /// <summary>An independent reading of the sample (not the loader's code).</summary>
    private static Dictionary<string, (int[] Counts, double[] Pct)> ReadTrace()
    {
        var pct = new Dictionary<string, double[]>();
        foreach (string line in File.ReadLines(Path.Combine(RepoPaths.Azure10, "durations.csv")).Skip(1))
        {
            string[] c = line.Split(',');
            pct[c[2][..8]] = c.Skip(7).Take(7).Select(v => Math.Max(0.1, double.Parse(v, CultureInfo.InvariantCulture))).ToArray();
        }
        var result = new Dictionary<string, (int[], double[])>();
        foreach (string line in File.ReadLines(Path.Combine(RepoPaths.Azure10, "invocations.csv")).Skip(1))
        {
            string[] c = line.Split(',');
            result[c[2][..8]] = (c.Skip(4 + Start).Take(Minutes).Select(int.Parse).ToArray(), pct[c[2][..8]]);
        }
        return result;
    }
}
