using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Linux.Tests;

/// <summary>The backend's decisions with a fake kernel, a fake schedstat and virtual time: placement per policy,
/// slice and starvation demotion, band re-mapping, learning records, stop, and refused raises.</summary>
public class LinuxEnforcerTests
{
    private const long Ms = 1_000_000;
    private FakeJournal _journal = null!;
    private RecordingKernel _kernel = null!;
    private FakeCpu _cpu = null!;
    private List<string> _log = null!;

    [SetUp]
    public void SetUp()
    {
        _journal = new FakeJournal();
        _kernel = new RecordingKernel(_journal);
        _cpu = new FakeCpu();
        _log = [];
    }

    // minimumSliceNs 0: the tests' slices are shorter than the backend's default minimum (one 4 ms tick).
    private LinuxEnforcer Enforcer(LinuxPolicyKind kind, PolicySnapshot? snapshot = null, AlpsOrder order = AlpsOrder.Rank,
        long starvationNs = 0, ObservationQueue? observations = null, int maxTasks = 16, long minimumSliceNs = 0) =>
        new(new LinuxPlacement(kind, new PolicyPublisher(snapshot ?? PolicySnapshot.Empty), order, cpuCount: 2, minimumSliceNs: minimumSliceNs), _kernel, _cpu, _journal,
            starvationNs, maxTasks, observations, _log.Add);

    // Function 0: rank 1, slice 10 ms; function 1: rank 3, slice 50 ms; function 2 unknown.
    private static PolicySnapshot Static() => new(1, 0, [new FunctionPolicy(1, 10 * Ms), new FunctionPolicy(3, 50 * Ms), default], [true, true, false]);

    private void Spawn(int tid, long cpu = 0, long wait = 0) => _cpu.Values[tid] = (cpu, wait);

    [Test]
    public void Alps_raises_a_known_function_at_its_rank_band_and_demotes_it_after_its_slice()
    {
        // Protects: the two-level design, prioritised for the slice of CPU time, then fair.
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, Static());
        Spawn(10);
        Spawn(11);
        Assert.That(e.Track(10, 10, 0, 555, 0, 0), Is.True);
        Assert.That(e.Track(11, 11, 1, 556, 0, 0), Is.True);
        Assert.That(_kernel.Calls, Is.EqualTo(new[] { $"fifo 10 {PriorityBands.BandTop}", $"fifo 11 {PriorityBands.BandTop - 2}" }));
        Assert.That(_journal.Listed, Is.EqualTo(new Dictionary<int, long> { [10] = 555, [11] = 556 }));
        Spawn(10, cpu: 9 * Ms);
        e.Tick(5 * Ms);
        Assert.That(e.IsRaised(10, out _), Is.True, "9 ms of a 10 ms slice");
        Spawn(10, cpu: 10 * Ms);
        e.Tick(10 * Ms);
        Assert.That(e.IsRaised(10, out _), Is.False);
        Assert.That(_kernel.Calls[^1], Is.EqualTo("fair 10"));
        Assert.That(_journal.Listed.Keys, Is.EqualTo(new[] { 11 }), "the watchdog's list follows");
        Assert.That(e.Counters.DemotedSlice, Is.EqualTo(1));
        Spawn(10, cpu: 30 * Ms);
        e.Tick(20 * Ms);
        Assert.That(_kernel.Calls.Count(c => c.EndsWith(" 10", StringComparison.Ordinal) || c.Contains(" 10 ", StringComparison.Ordinal)), Is.EqualTo(2), "a demoted task is never raised again");
    }

    [Test]
    public void Slice_counts_cpu_used_since_the_raise()
    {
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, Static());
        Spawn(10, cpu: 8 * Ms); // adopted with CPU already used
        e.Track(10, 10, 0, 1, 0, 0);
        Spawn(10, cpu: 17 * Ms);
        e.Tick(1 * Ms);
        Assert.That(e.IsRaised(10, out _), Is.True);
    }

    [Test]
    public void Before_the_first_learning_round_alps_orders_by_least_cpu_used_for_the_cap_slice()
    {
        // Protects: ALPS acts from the first invocation (the ghOSt policy's unknown-function rule: least attained
        // service), instead of leaving every task fair until its first learning round.
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, order: AlpsOrder.Gittins);
        Spawn(20);
        e.Track(20, 20, 0, 1, 0, 0);
        Assert.That(_kernel.Calls, Is.EqualTo(new[] { $"fifo 20 {PriorityBands.BandTop}" }), "nothing used yet: the top band");
        Spawn(20, cpu: 30 * Ms);
        e.Tick(1);
        Assert.That(e.IsRaised(20, out int p) && p == PriorityBands.ForKey(30 * Ms), Is.True, "the band follows the CPU used");
        Spawn(20, cpu: LinuxPlacement.DefaultUnknownSliceNs);
        e.Tick(2);
        Assert.That(e.IsRaised(20, out _), Is.False, "demoted after the learner's slice cap");
    }

    [Test]
    public void A_finished_invocation_is_recorded_with_the_cpu_and_wait_since_its_discovery()
    {
        // Protects: the learner sees the function's work, not the platform's process start before it was named.
        var queue = new ObservationQueue(16);
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, observations: queue);
        Spawn(20, cpu: 2 * Ms, wait: 1 * Ms);
        e.Track(20, 20, 0, 1, 0, 100 * Ms);
        Spawn(20, cpu: 44 * Ms, wait: 4 * Ms);
        e.Exited(20, 200 * Ms);
        Assert.That(queue.TryRead(out InvocationRecord r), Is.True);
        Assert.That((r.FunctionId, r.CpuNs, r.WaitNs, r.ArrivalNs, r.EndNs, r.Completed), Is.EqualTo((0, 42 * Ms, 3 * Ms, 100 * Ms, 200 * Ms, true)));
        Assert.That(r.BlockedNs, Is.EqualTo(55 * Ms));
        Assert.That(_cpu.OpenHandles, Is.Zero, "the schedstat descriptor is released at exit");
        Assert.That(e.TrackedCount, Is.Zero);
        Assert.That(_journal.Listed, Is.Empty);
    }

    [Test]
    public void A_function_learned_with_slice_zero_keeps_its_band_for_the_minimum_slice()
    {
        // Protects: "no protected run" still leaves the function its place in the order (its band), for one tick.
        var snapshot = new PolicySnapshot(1, 0, [new FunctionPolicy(1, 0)], [true]);
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, snapshot, minimumSliceNs: 4 * Ms);
        Spawn(1);
        e.Track(1, 1, 0, 1, 0, 0);
        Assert.That(e.IsRaised(1, out int p) && p == PriorityBands.ForRank(1), Is.True);
        Spawn(1, cpu: 3 * Ms);
        e.Tick(1);
        Assert.That(e.IsRaised(1, out _), Is.True, "3 ms of the 4 ms minimum");
        Spawn(1, cpu: 4 * Ms);
        e.Tick(2);
        Assert.That(e.IsRaised(1, out _), Is.False);
    }

    [Test]
    public void Unknown_functions_take_the_largest_learned_rank_and_slice()
    {
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, Static());
        Spawn(30);
        e.Track(30, 30, 2, 1, 0, 0);
        Assert.That(_kernel.Calls, Is.EqualTo(new[] { $"fifo 30 {PriorityBands.ForRank(3)}" }));
        Spawn(30, cpu: 49 * Ms);
        e.Tick(1);
        Assert.That(e.IsRaised(30, out _), Is.True, "49 ms of the largest learned slice, 50 ms");
        Spawn(30, cpu: 50 * Ms);
        e.Tick(2);
        Assert.That(e.IsRaised(30, out _), Is.False);
    }

    [Test]
    public void After_its_slice_a_task_shares_the_fair_class_with_the_weight_of_its_gittins_index()
    {
        // Protects: the second level of ALPS's design: out of the band, shorter expected remaining work gets a
        // larger fair share (nice by index), and the watchdog covers the task until it is back at nice 0.
        // Function 0: fresh index 4 ms, slice 2 ms; function 1: fresh index 400 ms, slice 2 ms.
        var shortCurve = new ServiceCurve([0], [4 * Ms], 8 * Ms);
        var longCurve = new ServiceCurve([0], [400 * Ms], 800 * Ms);
        var snapshot = new PolicySnapshot(1, 0, [new FunctionPolicy(1, 2 * Ms), new FunctionPolicy(2, 2 * Ms)], [true, true], [shortCurve, longCurve]);
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, snapshot, AlpsOrder.Gittins);
        Spawn(1);
        Spawn(2);
        e.Track(1, 1, 0, 11, 0, 0);
        e.Track(2, 2, 1, 12, 0, 0);
        Spawn(1, cpu: 2 * Ms);
        Spawn(2, cpu: 2 * Ms);
        e.Tick(1);
        int shortNice = FairTier.NiceForKey(shortCurve.IndexAt(2 * Ms)), longNice = FairTier.NiceForKey(longCurve.IndexAt(2 * Ms));
        Assert.That(shortNice, Is.LessThan(longNice), "the shorter function gets the larger weight");
        Assert.That(_kernel.Calls, Does.Contain($"fair 1 nice {shortNice}").And.Contain($"fair 2 nice {longNice}"));
        Assert.That(_journal.Listed.Keys, Is.EquivalentTo(new[] { 1, 2 }), "a weighted task stays on the watchdog's list");
        Assert.That(e.Counters.Weighted, Is.EqualTo(2));
        e.Exited(1, 5 * Ms);
        Assert.That(_journal.Listed.Keys, Is.EqualTo(new[] { 2 }), "its exit takes it off the list");
        e.ReturnAll();
        Assert.That(_kernel.Calls[^1], Is.EqualTo("fair 2"), "stop returns a weighted task to nice 0");
        Assert.That(_journal.Listed, Is.Empty);
        Assert.That(e.Counters.ReturnedAtStop, Is.EqualTo(1));
    }

    [Test]
    public void A_weighted_tasks_nice_follows_its_index_as_it_runs()
    {
        // Protects: in the fair tier the task closer to finishing (by its function's curve) gains weight as it runs.
        var curve = new ServiceCurve([0, 100 * Ms], [400 * Ms, 300 * Ms], 800 * Ms);
        var snapshot = new PolicySnapshot(1, 0, [new FunctionPolicy(1, 2 * Ms)], [true], [curve]);
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, snapshot, AlpsOrder.Gittins);
        Spawn(1);
        e.Track(1, 1, 0, 11, 0, 0);
        Spawn(1, cpu: 2 * Ms);
        e.Tick(1);
        int first = e.NiceOf(1);
        Assert.That(first, Is.EqualTo(FairTier.NiceForKey(curve.IndexAt(2 * Ms))));
        Spawn(1, cpu: 700 * Ms);
        for (int i = 0; i < LinuxEnforcer.ReweighTicks; i++)
        {
            e.Tick(2 + i);
        }
        Assert.That(e.NiceOf(1), Is.EqualTo(FairTier.NiceForKey(curve.IndexAt(700 * Ms))).And.LessThan(first), "re-weighed within ReweighTicks ticks");
        Assert.That(_journal.Listed.Keys, Is.EqualTo(new[] { 1 }));
        e.Exited(1, 100);
        Assert.That(_journal.Listed, Is.Empty);
        Assert.That(e.TickedCount, Is.Zero);
    }

    [Test]
    public void A_refused_nice_still_leaves_the_band_and_the_watchdog_list()
    {
        // Protects: a demotion never leaves a task real-time, whatever the nice call does.
        var curve = new ServiceCurve([0], [4 * Ms], 8 * Ms);
        var snapshot = new PolicySnapshot(1, 0, [new FunctionPolicy(1, 2 * Ms)], [true], [curve]);
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, snapshot, AlpsOrder.Gittins);
        Spawn(1);
        e.Track(1, 1, 0, 11, 0, 0);
        _kernel.FairErrors[1] = 1; // EPERM
        Spawn(1, cpu: 3 * Ms);
        e.Tick(1);
        Assert.That(e.IsRaised(1, out _), Is.False);
        Assert.That(_kernel.Calls[^1], Is.EqualTo("fair 1"), "retried at nice 0");
        Assert.That(_journal.Listed, Is.Empty);
    }

    [Test]
    public void Equal_fair_tier_and_the_rank_order_keep_nice_zero()
    {
        var curve = new ServiceCurve([0], [4 * Ms], 8 * Ms);
        var snapshot = new PolicySnapshot(1, 0, [new FunctionPolicy(1, 2 * Ms)], [true], [curve]);
        foreach ((AlpsOrder order, FairTierMode mode) in new[] { (AlpsOrder.Gittins, FairTierMode.Equal), (AlpsOrder.Rank, FairTierMode.Order) })
        {
            SetUp();
            var e = new LinuxEnforcer(new LinuxPlacement(LinuxPolicyKind.Alps, new PolicyPublisher(snapshot), order, 2, fairTier: mode, minimumSliceNs: 0), _kernel, _cpu, _journal, 0);
            Spawn(1);
            e.Track(1, 1, 0, 11, 0, 0);
            Spawn(1, cpu: 3 * Ms);
            e.Tick(1);
            Assert.That(_kernel.Calls[^1], Is.EqualTo("fair 1"), $"{order}/{mode}: plain fair");
            Assert.That(_journal.Listed, Is.Empty);
        }
    }

    [Test]
    public void A_task_real_time_under_another_owner_is_left_alone_until_a_tick_finds_it_fair()
    {
        // Protects: the agent never races a platform that starts sandboxes above the bands and drops them itself.
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Fifo);
        Spawn(7);
        _kernel.RealtimeElsewhere.Add(7);
        Assert.That(e.Track(7, 7, 0, 1, 0, 0), Is.True);
        Assert.That(_kernel.Calls, Is.Empty, "not touched while another owner keeps it real-time");
        Assert.That(e.TickedCount, Is.EqualTo(1), "the tick keeps looking at it");
        e.Tick(1);
        Assert.That(_kernel.Calls, Is.Empty);
        _kernel.RealtimeElsewhere.Remove(7);
        e.Tick(2);
        Assert.That(_kernel.Calls, Is.EqualTo(new[] { $"fifo 7 {PriorityBands.Single}" }), "placed once it is fair");
        Assert.That(e.Counters.Pending, Is.EqualTo(1));
        Spawn(8);
        _kernel.RealtimeElsewhere.Add(8);
        e.Track(8, 8, 0, 1, 0, 0);
        e.Exited(8, 3);
        Assert.That(e.TickedCount, Is.EqualTo(1), "a pending task that exits leaves the tick's list");
    }

    [Test]
    public void Fair_tier_nice_is_proportional_to_the_inverse_key_and_clamped()
    {
        Assert.That(FairTier.NiceForKey(FairTier.ReferenceKeyNs), Is.Zero);
        Assert.That(FairTier.NiceForKey(FairTier.ReferenceKeyNs / 2), Is.EqualTo(-6), "half the key: about four times the weight (1.25^6)");
        Assert.That(FairTier.NiceForKey(FairTier.ReferenceKeyNs * 2), Is.EqualTo(6));
        Assert.That(FairTier.NiceForKey(1), Is.EqualTo(FairTier.MinNice));
        Assert.That(FairTier.NiceForKey(long.MaxValue), Is.EqualTo(FairTier.MaxNice));
    }

    [Test]
    public void Exit_after_the_task_was_reaped_uses_the_last_tick_and_counts_it()
    {
        var queue = new ObservationQueue(16);
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Fifo, observations: queue);
        Spawn(5);
        e.Track(5, 5, 0, 1, 0, 0);
        Spawn(5, cpu: 7 * Ms);
        e.Tick(4 * Ms);
        _cpu.Values.Remove(5);
        e.Exited(5, 9 * Ms);
        Assert.That(queue.TryRead(out InvocationRecord r) && r.CpuNs == 7 * Ms, Is.True);
        Assert.That(e.Counters.CpuAtExitMissed, Is.EqualTo(1));
        Assert.That(_journal.Listed, Is.Empty, "a dead raised task leaves the watchdog's list");
    }

    [Test]
    public void Starvation_bound_demotes_a_raised_task_that_waited_too_long()
    {
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Fifo, starvationNs: 500 * Ms);
        Spawn(3, wait: 100 * Ms);
        e.Track(3, 3, 0, 1, 0, 0);
        Spawn(3, wait: 600 * Ms);
        e.Tick(1 * Ms);
        Assert.That(e.IsRaised(3, out _), Is.True, "500 ms waited since the raise, not more");
        Spawn(3, wait: 601 * Ms);
        e.Tick(2 * Ms);
        Assert.That(e.IsRaised(3, out _), Is.False);
        Assert.That(e.Counters.DemotedStarved, Is.EqualTo(1));
    }

    [Test]
    public void Fifo_has_one_priority_and_no_slice()
    {
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Fifo);
        Spawn(1);
        e.Track(1, 1, 0, 1, 0, 0);
        Spawn(1, cpu: 10_000 * Ms);
        e.Tick(1);
        Assert.That(e.IsRaised(1, out int p) && p == PriorityBands.Single, Is.True);
    }

    [Test]
    public void Sfs_uses_the_shared_adaptive_slice()
    {
        // Protects: sfs on Linux uses SFS's credit (initial T = 20 ms), from the same adapter as the ghOSt policy.
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Sfs);
        Spawn(1);
        e.Track(1, 1, 0, 1, 0, 0);
        Spawn(1, cpu: 19 * Ms);
        e.Tick(1);
        Assert.That(e.IsRaised(1, out _), Is.True);
        Spawn(1, cpu: 20 * Ms);
        e.Tick(2);
        Assert.That(e.IsRaised(1, out _), Is.False);
    }

    [Test]
    public void Srpt_follows_the_remaining_declared_demand_and_only_band_crossings_cost_a_call()
    {
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Srpt);
        Spawn(1);
        Spawn(2);
        e.Track(2, 2, 0, 1, 0, 0);
        Assert.That(_kernel.Calls, Is.Empty, "no declared demand: fair");
        e.Track(1, 1, 0, 1, 100 * Ms, 0);
        int initial = PriorityBands.ForKey(100 * Ms);
        Assert.That(_kernel.Calls, Is.EqualTo(new[] { $"fifo 1 {initial}" }));
        int calls = 0;
        int last = initial;
        for (long cpu = 0; cpu <= 100 * Ms; cpu += Ms)
        {
            Spawn(1, cpu: cpu);
            e.Tick(cpu);
            int now = PriorityBands.ForKey(100 * Ms - cpu);
            calls += now != last ? 1 : 0;
            last = now;
        }
        Assert.That(e.IsRaised(1, out int p) && p == PriorityBands.BandTop, Is.True, "almost done: top band");
        Assert.That(_kernel.Calls, Has.Count.EqualTo(1 + calls));
        Assert.That(calls, Is.LessThan(25), "log-scale bands: few re-maps over 100 ticks");
    }

    [Test]
    public void Gittins_order_places_by_the_curve_index_at_zero_and_remaps_as_cpu_is_used()
    {
        // Index 40 ms fresh, falls to 0 at the observed maximum of 80 ms.
        var curve = new ServiceCurve([0, 20 * Ms], [40 * Ms, 40 * Ms], 80 * Ms);
        var snapshot = new PolicySnapshot(1, 0, [new FunctionPolicy(1, 200 * Ms)], [true], [curve]);
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, snapshot, AlpsOrder.Gittins);
        Spawn(1);
        e.Track(1, 1, 0, 1, 0, 0);
        Assert.That(_kernel.Calls, Is.EqualTo(new[] { $"fifo 1 {PriorityBands.ForKey(40 * Ms)}" }));
        Spawn(1, cpu: 79 * Ms);
        e.Tick(1);
        Assert.That(e.IsRaised(1, out int p) && p == PriorityBands.ForKey(curve.IndexAt(79 * Ms)), Is.True);
        Assert.That(e.Counters.Remapped, Is.EqualTo(1));
    }

    [Test]
    public void Alps_io_raises_with_round_robin()
    {
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.AlpsIo, Static());
        Spawn(1);
        e.Track(1, 1, 0, 1, 0, 0);
        Assert.That(_kernel.Calls, Is.EqualTo(new[] { $"rr 1 {PriorityBands.BandTop}" }));
    }

    [Test]
    public void A_refused_raise_leaves_the_task_fair_counts_it_and_logs_once_per_function()
    {
        // Protects: RT_GROUP_SCHED (EPERM in a cpu cgroup without RT budget) never loses or half-raises a task.
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Fifo);
        _kernel.Errors[1] = 1;
        _kernel.Errors[2] = 1;
        Spawn(1);
        Spawn(2);
        e.Track(1, 1, 0, 1, 0, 0);
        e.Track(2, 2, 0, 1, 0, 0);
        Assert.That(e.IsRaised(1, out _) || e.IsRaised(2, out _), Is.False);
        Assert.That(_journal.Listed, Is.Empty);
        Assert.That(e.Counters.RtRefused, Is.EqualTo(2));
        Assert.That(_log, Has.Count.EqualTo(1).And.Some.Contains("RT_GROUP_SCHED"));
    }

    [Test]
    public void Without_a_healthy_watchdog_nothing_is_raised()
    {
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Fifo);
        _journal.Healthy = false;
        Spawn(1);
        e.Track(1, 1, 0, 1, 0, 0);
        Assert.That(_kernel.Calls, Is.Empty);
        Assert.That(e.Counters.NotRaisedWithoutWatchdog, Is.EqualTo(1));
    }

    [Test]
    public void Return_all_makes_every_raised_task_fair_and_empties_the_watchdog_list()
    {
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Fifo);
        for (int tid = 1; tid <= 5; tid++)
        {
            Spawn(tid);
            e.Track(tid, tid, 0, tid, 0, 0);
        }
        e.ReturnAll();
        Assert.That(_kernel.Calls.Count(c => c.StartsWith("fair", StringComparison.Ordinal)), Is.EqualTo(5));
        Assert.That(_journal.Listed, Is.Empty);
        Assert.That(e.RaisedCount, Is.Zero);
        Assert.That(e.Counters.ReturnedAtStop, Is.EqualTo(5));
    }

    [Test]
    public void A_full_table_leaves_new_tasks_alone_and_counts_them()
    {
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Fifo, maxTasks: 2);
        for (int tid = 1; tid <= 3; tid++)
        {
            Spawn(tid);
            e.Track(tid, tid, 0, tid, 0, 0);
        }
        Assert.That(e.TrackedCount, Is.EqualTo(2));
        Assert.That(e.Counters.TableFull, Is.EqualTo(1));
        e.Exited(1, 1);
        Spawn(3);
        Assert.That(e.Track(3, 3, 0, 3, 0, 2), Is.True, "a freed slot is reused");
    }

    [Test]
    public void A_task_gone_before_tracking_is_not_tracked_and_exits_of_unknown_tids_are_ignored()
    {
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Fifo);
        Assert.That(e.Track(9, 9, 0, 1, 0, 0), Is.False);
        Assert.DoesNotThrow(() => e.Exited(12345, 0));
        Assert.That(_cpu.OpenHandles, Is.Zero);
    }

    [Test]
    public void Tick_with_many_demotions_visits_every_raised_task_once()
    {
        // Protects the swap-remove iteration: demoting while iterating must not skip or repeat a task.
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, Static());
        for (int tid = 1; tid <= 8; tid++)
        {
            Spawn(tid);
            e.Track(tid, tid, tid % 2, tid, 0, 0); // odd tids: function 1 (50 ms), even: function 0 (10 ms)
        }
        for (int tid = 1; tid <= 8; tid++)
        {
            Spawn(tid, cpu: 20 * Ms);
        }
        e.Tick(1);
        Assert.That(e.RaisedCount, Is.EqualTo(4));
        for (int tid = 1; tid <= 8; tid++)
        {
            Assert.That(e.IsRaised(tid, out _), Is.EqualTo(tid % 2 == 1), $"tid {tid}");
        }
    }
}
