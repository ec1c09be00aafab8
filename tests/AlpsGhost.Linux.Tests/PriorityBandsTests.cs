using AlpsGhost.Agent.Policies;

namespace AlpsGhost.Linux.Tests;

/// <summary>Key and rank -> priority, SFS's shared slice adapter, and the watchdog's journal handling.</summary>
public class PriorityBandsTests
{
    [Test]
    public void Lower_keys_never_get_lower_priority_and_stay_inside_the_band()
    {
        int previous = int.MaxValue;
        for (long key = 0; key < 10_000_000_000_000; key = key * 5 / 4 + 1)
        {
            int p = PriorityBands.ForKey(key);
            Assert.That(p, Is.InRange(1, PriorityBands.BandTop));
            Assert.That(p, Is.LessThanOrEqualTo(previous), $"key {key}");
            previous = p;
        }
        Assert.That(PriorityBands.ForKey(long.MaxValue), Is.EqualTo(1));
        Assert.That(PriorityBands.ForKey(-5), Is.EqualTo(PriorityBands.BandTop));
        Assert.That(PriorityBands.AgentPriority, Is.GreaterThan(PriorityBands.BandTop), "the agent can always preempt to demote");
    }

    [Test]
    public void A_band_spans_a_factor_of_sqrt2()
    {
        Assert.That(PriorityBands.ForKey(PriorityBands.BaseKeyNs * 2), Is.EqualTo(PriorityBands.BandTop - 3));
        Assert.That(PriorityBands.ForKey(PriorityBands.BaseKeyNs * 2 - 1), Is.EqualTo(PriorityBands.BandTop - 2));
    }

    [Test]
    public void Ranks_map_linearly_from_the_top()
    {
        Assert.That(PriorityBands.ForRank(1), Is.EqualTo(PriorityBands.BandTop));
        Assert.That(PriorityBands.ForRank(2), Is.EqualTo(PriorityBands.BandTop - 1));
        Assert.That(PriorityBands.ForRank(1000), Is.EqualTo(1));
        Assert.That(PriorityBands.ForRank(-3), Is.EqualTo(PriorityBands.BandTop));
    }

    [Test]
    public void Sfs_slice_becomes_mean_interarrival_times_cpus_after_a_period()
    {
        var adapter = new SfsSliceAdapter(2, new SfsPolicyOptions());
        long credit = 0;
        for (int i = 0; i <= 100; i++)
        {
            credit = adapter.Arrive(i * 7_000_000L);
        }
        Assert.That(credit, Is.EqualTo(20_000_000), "the 101st arrival's credit still uses the initial T");
        Assert.That(adapter.SliceNs, Is.EqualTo(14_000_000));
        Assert.That(adapter.Arrive(700_000_000 + 1), Is.EqualTo(14_000_000));
    }

    [Test]
    public void Watchdog_journal_lines_apply_in_order_and_malformed_ones_are_skipped()
    {
        var raised = new Dictionary<int, long>();
        long malformed = Watchdog.Follow(new StringReader("R 10 100\nR 11 101\nF 10\nX\nR -1 5\nR 12\nR 13 99999999999999999999999\n\nR 14 7\n"), raised);
        Assert.That(raised, Is.EqualTo(new Dictionary<int, long> { [11] = 101, [14] = 7 }));
        Assert.That(malformed, Is.EqualTo(5));
    }

    [Test]
    public void Watchdog_returns_only_tasks_whose_start_time_still_matches()
    {
        // Protects: a tid reused by another thread after the raised one exited is never touched.
        var journal = new FakeJournal();
        var kernel = new RecordingKernel(journal);
        var raised = new Dictionary<int, long> { [1] = 100, [2] = 200, [3] = 300 };
        int returned = Watchdog.ReturnAll(raised, kernel, tid => tid switch { 1 => 100, 2 => 999, _ => null });
        Assert.That(returned, Is.EqualTo(1));
        Assert.That(kernel.Calls, Is.EqualTo(new[] { "fair 1" }));
    }
}
