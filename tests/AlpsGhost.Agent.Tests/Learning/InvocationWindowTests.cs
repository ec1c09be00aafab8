using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>The sliding window: snapshot replacement and eviction by end time.</summary>
public sealed class InvocationWindowTests
{
    [Test]
    public void NewerSnapshotReplacesOlderAndCompletedReplacesSnapshots()
    {
        var w = new InvocationWindow(60_000_000_000);
        Assert.That(w.Add(Records.Make(1, 1, 0, 5, 10, completed: false)), Is.True);
        Assert.That(w.Add(Records.Make(1, 1, 0, 9, 20, completed: false)), Is.True);
        Assert.That(w.Add(Records.Make(1, 1, 0, 7, 15, completed: false)), Is.False, "an older snapshot must not win");
        Assert.That(w.ToOrderedArray().Single().CpuNs, Is.EqualTo(9_000_000));
        Assert.That(w.Add(Records.Make(1, 1, 0, 12, 30)), Is.True);
        Assert.That(w.Add(Records.Make(1, 1, 0, 15, 40, completed: false)), Is.False, "a completed record is final");
        InvocationRecord only = w.ToOrderedArray().Single();
        Assert.That((only.Completed, only.CpuNs), Is.EqualTo((true, 12_000_000L)));
    }

    [Test]
    public void EvictionDropsRecordsEndingBeforeTheWindow()
    {
        var w = new InvocationWindow(1_000_000_000); // 1 s
        w.Add(Records.Make(1, 1, 0, 5, 100));
        w.Add(Records.Make(2, 1, 0, 5, 1_500));
        w.Add(Records.Make(3, 1, 0, 5, 2_000));
        Assert.That(w.Evict(2_500_000_000), Is.EqualTo(1)); // horizon 1.5 s: end 1.5 s stays (not older)
        Assert.That(w.ToOrderedArray().Select(r => r.Gtid), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(w.Evict(3_000_000_001), Is.EqualTo(2));
        Assert.That(w.Count, Is.Zero);
    }

    [Test]
    public void WindowOrderIsEndThenArrivalThenGtid()
    {
        var w = new InvocationWindow();
        w.Add(Records.Make(9, 1, 5, 1, 50));
        w.Add(Records.Make(3, 1, 5, 1, 50));
        w.Add(Records.Make(4, 1, 1, 1, 50));
        w.Add(Records.Make(5, 1, 0, 1, 40));
        Assert.That(w.ToOrderedArray().Select(r => r.Gtid), Is.EqualTo(new long[] { 5, 4, 3, 9 }));
    }

    /// <summary>The reused ordering buffer must never leak records of an earlier, larger window or go stale when the
    /// window shrinks and grows again: every view is exactly the current records in window order.</summary>
    [Test]
    public void OrderedViewIsTheCurrentWindowAfterEvictionAndGrowth()
    {
        var w = new InvocationWindow(1_000_000_000); // 1 s
        var rng = new Random(5);
        var added = new List<InvocationRecord>();
        for (int round = 0; round < 4; round++)
        {
            int count = round % 2 == 0 ? 300 : 40;
            for (int i = 0; i < count; i++)
            {
                long gtid = (round * 1_000) + i;
                InvocationRecord r = Records.Make(gtid, rng.Next(8), rng.Next(100), 1, (1_000 * (round + 1)) + rng.Next(50));
                w.Add(r);
                added.Add(r);
            }
            long nowNs = 1_000_000_000L * (round + 1);
            w.Evict(nowNs);
            long[] expected = [.. added.Where(r => r.EndNs >= nowNs - w.WindowNs)
                .OrderBy(r => r.EndNs).ThenBy(r => r.ArrivalNs).ThenBy(r => r.Gtid).Select(r => r.Gtid)];
            Assert.That(w.Ordered().ToArray().Select(r => r.Gtid), Is.EqualTo(expected), $"round {round}");
        }
    }

    [Test]
    public void NonPositiveWindowIsRejected() =>
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new InvocationWindow(0))!.ParamName, Is.EqualTo("windowNs"));
}
