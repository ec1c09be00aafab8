using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Policy;

/// <summary>The curve's hot-path reads: interpolation, the tail, and when a running task's index passes a threshold.</summary>
public class ServiceCurveTests
{
    [Test]
    public void InterpolatesBetweenPointsAndFallsToZeroAtTheObservedMaximum()
    {
        var c = new ServiceCurve([0, 100], [50, 150], observedMaxNs: 200);
        Assert.That(c.IndexAt(0), Is.EqualTo(50));
        Assert.That(c.IndexAt(50), Is.EqualTo(100));
        Assert.That(c.IndexAt(150), Is.EqualTo(75));
        Assert.That(c.IndexAt(200), Is.EqualTo(0));
        Assert.That(c.IndexAt(260), Is.EqualTo(60));
        Assert.That(c.IndexAt(-5), Is.EqualTo(50), "no CPU used yet");
    }

    [Test]
    public void AttainedWhenAboveIsTheFirstAttainedTimeWhoseIndexExceedsTheThreshold()
    {
        // Small integer curves so every attained value can be checked exhaustively.
        var random = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(1, 6);
            long[] x = new long[n];
            long[] y = new long[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = i == 0 ? 0 : x[i - 1] + random.Next(1, 40);
                y[i] = random.Next(0, 300);
            }
            var c = new ServiceCurve(x, y, x[^1] + random.Next(1, 40));
            long from = random.Next(0, (int)c.ObservedMaxNs + 20);
            long threshold = random.Next(0, 320);
            long at = c.AttainedWhenAbove(from, threshold);
            Assert.That(at, Is.GreaterThanOrEqualTo(from));
            Assert.That(c.IndexAt(at), Is.GreaterThan(threshold), $"trial {trial}: index at {at}");
            for (long a = from; a < at; a++)
            {
                Assert.That(c.IndexAt(a), Is.LessThanOrEqualTo(threshold), $"trial {trial}: {a} already exceeds {threshold}, answer was {at}");
            }
        }
    }

    [Test]
    public void InterpolationFloorsExactlyWhateverTheMagnitude()
    {
        // Protects the 64-bit fast path of the interpolation: spans whose product passes 2^63 take the 128-bit
        // path, the rest the 64-bit one, and both must floor (toward minus infinity on falling segments) exactly
        // as exact arithmetic does, or every order and deadline built on the index would shift.
        var random = new Random(7);
        for (int trial = 0; trial < 3000; trial++)
        {
            long scale = trial % 2 == 0 ? 1_000 : 1_000_000_000_000; // products far below and far above 2^63
            int n = random.Next(1, 6);
            long[] x = new long[n + 1];
            long[] y = new long[n + 1];
            for (int i = 0; i < n; i++)
            {
                x[i] = i == 0 ? 0 : x[i - 1] + random.NextInt64(1, scale);
                y[i] = random.NextInt64(0, scale);
            }
            long max = x[n - 1] + random.NextInt64(1, scale);
            var c = new ServiceCurve(x[..n], y[..n], max);
            x[n] = max; // the curve's own last point: (observed maximum, 0)
            y[n] = 0;
            long a = random.NextInt64(1, max);
            int seg = Array.FindLastIndex(x, p => p <= a);
            System.Numerics.BigInteger rise = (System.Numerics.BigInteger)(y[seg + 1] - y[seg]) * (a - x[seg]);
            System.Numerics.BigInteger q = System.Numerics.BigInteger.DivRem(rise, x[seg + 1] - x[seg], out System.Numerics.BigInteger rem);
            long expected = y[seg] + (long)(rem < 0 ? q - 1 : q);
            Assert.That(c.IndexAt(a), Is.EqualTo(expected), $"trial {trial}: attained {a} in [{x[seg]}, {x[seg + 1]}]");
        }
    }

    [Test]
    public void MalformedCurvesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCurve([], [], 1));
        Assert.Throws<ArgumentException>(() => new ServiceCurve([1], [1], 2), "must start at 0");
        Assert.Throws<ArgumentException>(() => new ServiceCurve([0, 0], [1, 1], 2), "strictly increasing");
        Assert.Throws<ArgumentException>(() => new ServiceCurve([0], [-1], 2), "negative index");
        Assert.Throws<ArgumentException>(() => new ServiceCurve([0, 5], [1, 1], 5), "maximum beyond the last point");
    }
}
