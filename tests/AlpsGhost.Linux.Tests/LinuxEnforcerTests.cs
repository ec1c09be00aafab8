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

    private LinuxEnforcer Enforcer(LinuxPolicyKind kind, PolicySnapshot? snapshot = null, AlpsOrder order = AlpsOrder.Rank,
        long starvationNs = 0, ObservationQueue? observations = null, int maxTasks = 16) =>
        new(new LinuxPlacement(kind, new PolicyPublisher(snapshot ?? PolicySnapshot.Empty), order, cpuCount: 2), _kernel, _cpu, _journal,
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
    public void Unknown_functions_and_an_empty_snapshot_stay_fair_but_are_recorded_for_learning()
    {
        // Protects: the learner still sees invocations before its first round (else it never learns).
        var queue = new ObservationQueue(16);
        LinuxEnforcer e = Enforcer(LinuxPolicyKind.Alps, observations: queue);
        Spawn(20, cpu: 1 * Ms);
        e.Track(20, 20, 0, 1, 0, 100 * Ms);
        Assert.That(_kernel.Calls, Is.Empty);
        Spawn(20, cpu: 42 * Ms, wait: 3 * Ms);
        e.Exited(20, 200 * Ms);
        Assert.That(queue.TryRead(out InvocationRecord r), Is.True);
        Assert.That((r.FunctionId, r.CpuNs, r.WaitNs, r.ArrivalNs, r.EndNs, r.Completed), Is.EqualTo((0, 42 * Ms, 3 * Ms, 100 * Ms, 200 * Ms, true)));
        Assert.That(r.BlockedNs, Is.EqualTo(55 * Ms));
        Assert.That(_cpu.OpenHandles, Is.Zero, "the schedstat descriptor is released at exit");
        Assert.That(e.TrackedCount, Is.Zero);
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
