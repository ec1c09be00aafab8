using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Tests;

/// <summary>Each distribution draws values whose mean is the parameter the file gives (the utilization
/// scaling relies on the analytic mean being right).</summary>
public class DistributionTests
{
    private const int Samples = 200_000;

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new ConstantDistribution(7.5), 7.5, 0.0).SetName("constant");
        yield return new TestCaseData(new ExponentialDistribution(20), 20.0, 0.01).SetName("exponential");
        yield return new TestCaseData(new LogNormalDistribution(200, 0.3), 200.0, 0.005).SetName("lognormal cv 0.3");
        yield return new TestCaseData(new LogNormalDistribution(50, 1.5), 50.0, 0.03).SetName("lognormal cv 1.5");
        yield return new TestCaseData(new UniformDistribution(1, 5), 3.0, 0.005).SetName("uniform");
        // The 6590c82e row of the Azure sample and a wide table with a heavy top segment.
        yield return new TestCaseData(new PercentileDistribution([19, 25, 30, 32, 34, 40, 91]), null, 0.005).SetName("percentiles narrow");
        yield return new TestCaseData(new PercentileDistribution([1, 247, 269, 282, 304, 481, 10000]), null, 0.02).SetName("percentiles heavy tail");
    }

    [TestCaseSource(nameof(Cases))]
    public void SampleMeanMatchesTheMean(object distribution, double? expectedMean, double relativeTolerance)
    {
        var d = (Distribution)distribution;
        if (expectedMean is double m)
        {
            Assert.That(d.Mean, Is.EqualTo(m).Within(1e-9), "analytic mean is the parameter");
        }
        var rng = new Prng(12345);
        double sum = 0;
        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        for (int i = 0; i < Samples; i++)
        {
            double v = d.Sample(rng);
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
        }
        Assert.That(min, Is.GreaterThanOrEqualTo(d.Min));
        Assert.That(max, Is.LessThanOrEqualTo(d.Max));
        Assert.That(sum / Samples, Is.EqualTo(d.Mean).Within(Math.Max(relativeTolerance * d.Mean, 1e-9)));
    }

    [Test]
    public void PercentilesAreHitByTheSamples()
    {
        double[] table = [1, 10, 20, 40, 80, 400, 1000];
        var d = new PercentileDistribution(table);
        var rng = new Prng(9);
        var samples = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            samples[i] = d.Sample(rng);
        }
        Array.Sort(samples);
        for (int i = 1; i < table.Length - 1; i++)
        {
            double q = PercentileDistribution.Quantiles[i];
            double empirical = samples[(int)(q * (Samples - 1))];
            Assert.That(empirical, Is.EqualTo(table[i]).Within(table[i] * 0.03), $"{PercentileDistribution.Names[i]}");
        }
        // Log-linear: the median of the p25..p50 segment is the geometric mean of its ends.
        double mid = samples[(int)(0.375 * (Samples - 1))];
        Assert.That(mid, Is.EqualTo(Math.Sqrt(20 * 40)).Within(1.0));
    }

    [Test]
    public void PercentileTableMustBePositiveAndMonotone()
    {
        Assert.Throws<ArgumentException>(() => _ = new PercentileDistribution([0, 1, 2, 3, 4, 5, 6]));
        Assert.Throws<ArgumentException>(() => _ = new PercentileDistribution([1, 2, 3, 2, 4, 5, 6]));
    }
}
