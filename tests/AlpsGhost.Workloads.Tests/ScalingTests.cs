namespace AlpsGhost.Workloads.Tests;

/// <summary>Arrival rates are scaled so that sum(rate_i * mean demand_i) = utilization * cpus, and
/// absolute rates are left alone.</summary>
public class ScalingTests
{
    private const string PoissonMix = """
        {
          "duration_s": 600,
          "utilization": 0.9,
          "functions": [
            { "name": "a", "cpu": { "dist": "exponential", "mean": 5 },                "arrival": { "process": "poisson", "weight": 6 } },
            { "name": "b", "cpu": { "dist": "lognormal", "mean": 40, "cv": 0.5 },      "arrival": { "process": "poisson", "weight": 3 } },
            { "name": "c", "cpu": { "dist": "uniform", "min": 50, "max": 150 },        "arrival": { "process": "poisson", "weight": 1 } }
          ]
        }
        """;

    internal static Workload Parse(string json, int cpus = 2, ulong seed = 1, double? utilization = null, long? durationNs = null)
        => WorkloadFile.Parse(json, "test.json", RepoPaths.Workloads,
            new WorkloadOverrides { CpuCount = cpus, Seed = seed, Utilization = utilization, DurationNs = durationNs });

    [TestCase(2, 0.9)]
    [TestCase(16, 0.9)]
    [TestCase(16, 0.5)]
    [TestCase(4, 1.2)]
    public void OfferedUtilizationMeetsTheTargetWithin3Percent(int cpus, double target)
    {
        Workload w = Parse(PoissonMix, cpus, seed: 11, utilization: target);
        var stats = WorkloadStats.Compute(w);
        Assert.That(stats.OfferedUtilization, Is.EqualTo(target).Within(0.03 * target));
        Assert.That(w.TargetUtilization, Is.EqualTo(target));
        Assert.That(w.CpuCount, Is.EqualTo(cpus));
    }

    [Test]
    public void WeightsAreSharesOfTheInvocationCount()
    {
        var stats = WorkloadStats.Compute(Parse(PoissonMix, 16, seed: 5));
        double total = stats.Invocations;
        Assert.That(stats.Functions[0].Count / total, Is.EqualTo(0.6).Within(0.01));
        Assert.That(stats.Functions[1].Count / total, Is.EqualTo(0.3).Within(0.01));
        Assert.That(stats.Functions[2].Count / total, Is.EqualTo(0.1).Within(0.01));
    }

    [Test]
    public void AbsoluteRatesAreNotScaledAndTheWeightedRestFillsTheTarget()
    {
        const string json = """
            {
              "duration_s": 300, "utilization": 0.8,
              "functions": [
                { "name": "fixed",  "cpu": 100, "arrival": { "process": "poisson", "rate_per_s": 4 } },
                { "name": "scaled", "cpu": { "dist": "exponential", "mean": 10 }, "arrival": { "process": "poisson", "weight": 1 } }
              ]
            }
            """;
        foreach (int cpus in new[] { 2, 4 })
        {
            var stats = WorkloadStats.Compute(Parse(json, cpus, seed: 3));
            // 4/s * 300 s = 1200 expected, sd ~35: independent of the CPU count.
            Assert.That(stats.Functions[0].Count, Is.InRange(1100, 1300), $"cpus={cpus}");
            Assert.That(stats.OfferedUtilization, Is.EqualTo(0.8).Within(0.024), $"cpus={cpus}");
        }
    }

    [Test]
    public void BurstyArrivalsKeepTheAverageRateButAreBurstierThanPoisson()
    {
        const string json = """
            {
              "duration_s": 600, "utilization": 0.9,
              "functions": [
                { "name": "b", "cpu": 10, "arrival": { "process": "bursty", "weight": 1, "mean_on_ms": 500, "mean_off_ms": 2000 } },
                { "name": "p", "cpu": 10, "arrival": { "process": "poisson", "weight": 1 } }
              ]
            }
            """;
        Workload w = Parse(json, 4, seed: 21);
        var stats = WorkloadStats.Compute(w);
        Assert.That(stats.Functions[0].Count / (double)stats.Functions[1].Count, Is.EqualTo(1.0).Within(0.08), "same average rate");
        Assert.That(DispersionPerSecond(w, 0), Is.GreaterThan(3.0), "bursty: variance/mean of per-second counts well above 1");
        Assert.That(DispersionPerSecond(w, 1), Is.InRange(0.8, 1.2), "Poisson: variance/mean about 1");
    }

    [Test]
    public void ExplicitTimesArriveExactlyAndBeyondTheDurationAreDropped()
    {
        const string json = """
            { "duration_s": 1, "functions": [ { "name": "e", "cpu": 2, "arrival": { "process": "explicit", "times_ms": [0, 0.5, 250, 999.9, 1000, 5000] } } ] }
            """;
        Workload w = Parse(json);
        Assert.That(w.Invocations.Select(i => i.ArrivalNs), Is.EqualTo(new long[] { 0, 500_000, 250_000_000, 999_900_000 }));
        Assert.That(w.Invocations.All(i => i.CpuDemandNs == 2_000_000), Is.True);
    }

    [Test]
    public void DurationOverrideReplacesTheFilesDuration()
    {
        Workload w = Parse(PoissonMix, 2, durationNs: 10_000_000_000);
        Assert.That(w.DurationNs, Is.EqualTo(10_000_000_000));
        Assert.That(w.Invocations[^1].ArrivalNs, Is.LessThan(10_000_000_000));
    }

    private static double DispersionPerSecond(Workload w, int function)
    {
        int seconds = (int)(w.DurationNs / 1_000_000_000);
        var counts = new double[seconds];
        foreach (InvocationSpec i in w.Invocations)
        {
            if (i.FunctionId == function)
            {
                counts[i.ArrivalNs / 1_000_000_000]++;
            }
        }
        double mean = counts.Average();
        double variance = counts.Sum(c => (c - mean) * (c - mean)) / (seconds - 1);
        return variance / mean;
    }
}
