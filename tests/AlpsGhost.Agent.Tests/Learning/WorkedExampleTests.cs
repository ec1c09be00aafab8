using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>Reference mode reproduces the worked example of docs/algorithm.md §2.6.</summary>
public sealed class WorkedExampleTests
{
    private static readonly int[] Functions = [1, 3, 6, 8, 14, 21];

    private static RoundResult Learn(double utilization, TuningOptions? tuning = null)
    {
        InvocationRecord[] window = Records.WorkedExampleWindow();
        Array.Sort(window, InvocationWindow.CompareWindowOrder);
        var options = new LearningOptions { Tuning = tuning ?? new TuningOptions { Smoothing = false } };
        return new LearningRound(options).Run(window, utilization, PolicySnapshot.Empty, 1);
    }

    [Test]
    public void SegmentStatisticsMatchTheExample()
    {
        RoundResult r = Learn(30);
        Assert.That(r.Profiles.Select(p => p.FunctionId), Is.EqualTo(Functions), "filler function 99 must not be sampled");
        double[] means = [8, 22.5, 62, 103, 206, 621];
        double[] stds = [0, 7.27, 0, 0, 0, 0];
        for (int i = 0; i < Functions.Length; i++)
        {
            SegmentStatistics s = SegmentStatistics.Of(r.Profiles[i].Segments);
            Assert.That(s.Mean, Is.EqualTo(means[i]).Within(1e-9), $"UID{Functions[i]} mean");
            Assert.That(Math.Round(s.Std, 2), Is.EqualTo(stds[i]), $"UID{Functions[i]} std");
        }
        Assert.That(r.Profiles[1].Segments, Is.EqualTo(new[] { 8, 19, 25, 26, 27, 30 }), "UID3 in completion order");
    }

    [TestCase(30, new long[] { 8, 14, 62, 103, 200, 200 })]
    [TestCase(80, new long[] { 5, 10, 43, 72, 140, 140 })]
    public void SlicesAndRanksMatchTheExample(double utilization, long[] slicesMs)
    {
        RoundResult r = Learn(utilization);
        for (int i = 0; i < Functions.Length; i++)
        {
            Assert.That(r.Snapshot.TryGet(Functions[i], out FunctionPolicy p), Is.True);
            Assert.That(p.Rank, Is.EqualTo(i + 1), $"UID{Functions[i]} rank");
            Assert.That(p.SliceNs, Is.EqualTo(slicesMs[i] * 1_000_000), $"UID{Functions[i]} slice");
        }
        Assert.That(r.Snapshot.TryGet(99, out _), Is.False);
        Assert.That(r.Snapshot.Version, Is.EqualTo(1));
    }

    [Test]
    public void MonotoneCapReproducesTheReleasedDVariant()
    {
        // D at U = 30: all 8 (every longer class capped by the previous one's slice).
        RoundResult r = Learn(30, new TuningOptions { Smoothing = false, MonotoneCap = true });
        Assert.That(r.Decisions.Select(d => d.SliceMs), Is.EqualTo(new long[] { 8, 8, 8, 8, 8, 8 }));
    }
}
