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
    public void MalformedCurvesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCurve([], [], 1));
        Assert.Throws<ArgumentException>(() => new ServiceCurve([1], [1], 2), "must start at 0");
        Assert.Throws<ArgumentException>(() => new ServiceCurve([0, 0], [1, 1], 2), "strictly increasing");
        Assert.Throws<ArgumentException>(() => new ServiceCurve([0], [-1], 2), "negative index");
        Assert.Throws<ArgumentException>(() => new ServiceCurve([0, 5], [1, 1], 5), "maximum beyond the last point");
    }
}
