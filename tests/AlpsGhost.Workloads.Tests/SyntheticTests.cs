using System.Text.Json;
using AlpsGhost.Workloads.Format;

namespace AlpsGhost.Workloads.Tests;

/// <summary>The synthetic Azure-like generator follows the published distributions at any size.</summary>
public class SyntheticTests
{
    private static string Json(int n, string extra = "") => $$"""
        { "duration_s": 60, "utilization": 0.9, "synthetic": { "kind": "azure2019", "functions": {{n}} {{extra}} } }
        """;

    [Test]
    public void PerFunctionMeansFollowTheLogNormalFit()
    {
        // The generated functions themselves, clipped only at the workload bound of one hour (3.5 sigma above the
        // log-mean: a handful of 4000), so the fit's parameters can be recovered.
        using JsonDocument doc = JsonDocument.Parse("""{ "kind": "azure2019", "functions": 4000, "min_ms": 1e-6, "max_ms": 3600000 }""");
        List<FunctionModel> functions = SyntheticReader.Read(doc.RootElement, "t.json", 5);
        double[] means = functions.Select(f => Math.Log(f.MeanCpuMs / 1000)).ToArray();
        double mu = means.Average();
        double sigma = Math.Sqrt(means.Sum(m => (m - mu) * (m - mu)) / (means.Length - 1));
        Assert.That(mu, Is.EqualTo(-0.38).Within(0.12));
        Assert.That(sigma, Is.EqualTo(2.36).Within(0.1));
        double underOneSecond = means.Count(m => m < 0) / (double)means.Length;
        Assert.That(underOneSecond, Is.EqualTo(0.564).Within(0.03), "about half of the functions average under 1 s");
    }

    [Test]
    public void PopularityIsSkewedAndFavoursShortFunctions()
    {
        var stats = WorkloadStats.Compute(ScalingTests.Parse(Json(200), cpus: 16, seed: 2));
        var byCount = stats.Functions.OrderByDescending(f => f.Count).ToArray();
        int top10Percent = byCount.Take(20).Sum(f => f.Count);
        Assert.That(top10Percent / (double)stats.Invocations, Is.GreaterThan(0.75), "a few functions make most invocations");
        double shortShare = stats.Groups.Single(g => g.Group == "short").Count / (double)stats.Invocations;
        Assert.That(shortShare, Is.GreaterThan(0.5), "most invocations are of short functions");
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(1000)]
    public void AnySizeLoadsWithUniqueNamesAndKnownGroups(int n)
    {
        Workload w = ScalingTests.Parse(Json(n), cpus: 4, seed: 1);
        Assert.That(w.Functions, Has.Count.EqualTo(n));
        Assert.That(w.Functions.Select(f => f.Name), Is.Unique);
        Assert.That(w.Functions.Select(f => f.Group), Is.All.AnyOf("short", "medium", "long"));
        Assert.That(w.Invocations, Is.Not.Empty);
    }

    [Test]
    public void FunctionListDependsOnTheSeed()
    {
        Workload a = ScalingTests.Parse(Json(50), seed: 1);
        Workload b = ScalingTests.Parse(Json(50), seed: 1);
        Workload c = ScalingTests.Parse(Json(50), seed: 2);
        Assert.That(DeterminismTests.Fingerprint(a), Is.EqualTo(DeterminismTests.Fingerprint(b)));
        Assert.That(a.Functions.Select(f => f.Group), Is.Not.EqualTo(c.Functions.Select(f => f.Group)));
    }
}
