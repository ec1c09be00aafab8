using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Tests;

/// <summary>The generator is our own so that workloads are identical on every .NET version.</summary>
public class PrngTests
{
    [Test]
    public void MatchesReferenceXoshiro256StarStarSeededBySplitMix64()
    {
        // Values from an independent Python implementation of the reference algorithms, seed 42.
        var rng = new Prng(42);
        Assert.That(rng.NextUInt64(), Is.EqualTo(0x15780b2e0c2ec716UL));
        Assert.That(rng.NextUInt64(), Is.EqualTo(0x6104d9866d113a7eUL));
        Assert.That(rng.NextUInt64(), Is.EqualTo(0xae17533239e499a1UL));
    }

    [Test]
    public void StreamsForDifferentFunctionsOrPurposesDiffer()
    {
        ulong a = Prng.ForStream(7, 0, StreamPurpose.Arrivals).NextUInt64();
        ulong b = Prng.ForStream(7, 1, StreamPurpose.Arrivals).NextUInt64();
        ulong c = Prng.ForStream(7, 0, StreamPurpose.CpuDemand).NextUInt64();
        ulong d = Prng.ForStream(8, 0, StreamPurpose.Arrivals).NextUInt64();
        Assert.That(new[] { a, b, c, d }, Is.Unique);
        Assert.That(Prng.ForStream(7, 0, StreamPurpose.Arrivals).NextUInt64(), Is.EqualTo(a), "same key, same stream");
    }

    [Test]
    public void OpenUnitNeverReturnsZeroOrOneAndIsUniform()
    {
        var rng = new Prng(3);
        var buckets = new int[10];
        for (int i = 0; i < 100_000; i++)
        {
            double u = rng.NextOpenUnit();
            Assert.That(u, Is.GreaterThan(0.0).And.LessThan(1.0));
            buckets[(int)(u * 10)]++;
        }
        foreach (int b in buckets)
        {
            Assert.That(b, Is.InRange(9_500, 10_500));
        }
    }
}
