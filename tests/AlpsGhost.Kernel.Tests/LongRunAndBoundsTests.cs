using AlpsGhost.Workloads;
using static AlpsGhost.Kernel.Tests.TestWorkloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>Issue 17 items 1-3: long simulated runs keep memory and events proportional to the live state, time
/// arithmetic never wraps, and a run that would go on too long stops at a stated bound.</summary>
public sealed class LongRunAndBoundsTests
{
    private const long Ms = 1_000_000;
    private const long S = 1000 * Ms;
    private const long Hour = 3600 * S;
    private const long Day = 24 * Hour;

    [Test]
    public void UtilizationHistory_DoesNotGrowWithSimulatedTime()
    {
        // Protects item 1: the tracker kept one checkpoint per simulated ms for ever (1.77 GB for a day).
        var tracker = new UtilizationTracker();
        tracker.Change(0, +1);
        _ = tracker.Since(0, 1 * S, 1); // first touch allocates nothing new after this point
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long t = S; t <= 2 * Day; t += 10 * S)
        {
            tracker.Change(t, (t / (10 * S)) % 2 == 0 ? -1 : +1);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.LessThan(64 * 1024), "two simulated days of changes allocate nothing (fixed rings)");
        double u = tracker.Since(2 * Day - 60 * S, 2 * Day, 1);
        Assert.That(u, Is.EqualTo(0.5).Within(0.001), "busy every other 10 s over the last minute");
    }

    [Test]
    public void UtilizationSince_MatchesExactIntegration_WithinEachHorizon()
    {
        // Protects the bounded tracker's answers: exact to 1 ms x CPUs within the fine horizon, 1 s x CPUs
        // within the coarse one, compared with a direct integration of a seeded random schedule.
        var rng = new Random(17);
        var tracker = new UtilizationTracker();
        var changes = new List<(long At, int Busy)> { (0, 0) };
        int busy = 0;
        long now = 0;
        const int Cpus = 4;
        while (now < 40 * Hour)
        {
            now += rng.Next(1, 4) == 1 ? rng.NextInt64(1, 20 * S) : rng.NextInt64(1, 50 * Ms);
            int delta = busy == 0 ? 1 : busy == Cpus ? -1 : rng.Next(2) * 2 - 1;
            busy += delta;
            tracker.Change(now, delta);
            changes.Add((now, busy));
        }
        foreach ((long back, double tolerance) in new[] { (30 * S, 1.0 * Ms), (100 * S, 1.0 * Ms), (Hour, 1.0 * S), (24 * Hour, 1.0 * S) })
        {
            long since = now - back;
            double exact = Integrate(changes, since, now) / ((double)back * Cpus);
            double got = tracker.Since(since, now, Cpus);
            Assert.That(got, Is.EqualTo(exact).Within((2 * tolerance * Cpus) / ((double)back * Cpus) + 1e-9), $"window {back / S} s");
        }
    }

    [Test]
    public void AnIdleWeekWithTheWatchdogOn_CostsNoTickEvents()
    {
        // Protects the tick's NO_HZ idle stop: before, a 4 ms tick ran through every idle week (151M events).
        Workload w = Make("sparse", 1, (0, 0, [Cpu(5 * Ms)]), (0, 7 * Day - S, [Cpu(5 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2, RunnableTimeoutNs = 100 * Ms });
        k.AttachAgentFifo();
        SimulationResult r = k.Run();
        Assert.That(r.Finished, Is.EqualTo(2));
        Assert.That(r.WatchdogFired, Is.False);
        Assert.That(r.EventsProcessed, Is.LessThan(10_000), "events follow the work, not the simulated time");
    }

    [Test]
    public void TheWatchdogStillFires_AfterTheTickSleptThroughAnIdleDay()
    {
        // Protects the tick's restart: a task that becomes runnable after a long idle period is still watched.
        Workload w = Make("late-starve", [Function(0), Function(1, inEnclave: false)], (1, 0, [Cpu(1 * Ms)]), (0, Day, [Cpu(50 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2, RunnableTimeoutNs = 20 * Ms });
        AlpsGhost.Ghost.IGhostEnclave e = k.CreateEnclave();
        Drainer d = new(e);
        k.AttachAgent(new ScriptAgent(() => { d.Drain(); return long.MaxValue; })); // reads, never commits
        SimulationResult r = k.Run();
        Assert.That(r.WatchdogFired, Is.True);
        Assert.That(r.WatchdogFiredAtNs, Is.InRange(Day + 20 * Ms, Day + 28 * Ms), "first tick of the grid after the timeout");
        Assert.That(r.Finished, Is.EqualTo(2), "both finish in the fair class");
    }

    [Test]
    public void ARunBeyondTheTimeBound_StopsThereAndSaysSo()
    {
        // Protects item 3: a valid but pathological workload (1000 one-hour waits: 41 days) ends at the documented
        // bound with its invocations reported unfinished, instead of running on.
        var phases = new List<Phase> { Cpu(1 * Ms) };
        for (int i = 0; i < 1000; i++)
        {
            phases.Add(Block(WorkloadLimits.MaxPhaseNs));
            phases.Add(Cpu(1 * Ms));
        }
        Workload w = Make("long", 1, (0, 0, phases.ToArray()), (0, WorkloadLimits.MaxDurationNs, [Cpu(WorkloadLimits.MaxPhaseNs)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 1 });
        SimulationResult r = k.Run();
        Assert.That(r.StoppedAtTimeLimit, Is.True);
        Assert.That(r.EndNs, Is.EqualTo(SimulationOptions.DefaultTimeLimitNs));
        Assert.That(r.Finished, Is.EqualTo(1), "the invocation arriving at the last instant of the week finishes an hour later");
        Assert.That(r.Unfinished, Is.EqualTo(1));
        Assert.That(r.Tasks[1].FinishNs - WorkloadLimits.MaxDurationNs, Is.EqualTo(WorkloadLimits.MaxPhaseNs).Within(10 * Ms),
            "an hour of CPU (sharing the CPU with the other task's 1 ms bursts): no overflow at the bounds");
    }

    [Test]
    public void AWorkloadCannotHoldAPhaseOrArrivalBeyondTheBounds()
    {
        // Protects item 2 at the type level: no hand-built workload can make now + duration overflow.
        Assert.That(() => Make("huge", 1, (0, 0, [Cpu(WorkloadLimits.MaxPhaseNs + 1)])),
            Throws.ArgumentException.With.Message.Contains("at most 3600000000000 ns (one hour)"));
        Assert.That(() => Make("late", 1, (0, WorkloadLimits.MaxDurationNs + 1, [Cpu(Ms)])), Throws.ArgumentException);
        Assert.That(() => Make("neg", 1, (0, -1, [Cpu(Ms)])), Throws.ArgumentException);
    }

    private static double Integrate(List<(long At, int Busy)> changes, long from, long to)
    {
        double sum = 0;
        for (int i = 0; i < changes.Count; i++)
        {
            long start = Math.Max(changes[i].At, from);
            long end = Math.Min(i + 1 < changes.Count ? changes[i + 1].At : to, to);
            if (end > start)
            {
                sum += (double)(end - start) * changes[i].Busy;
            }
        }
        return sum;
    }

    [Test]
    public void EnclaveInvocationLimit_IsTheLastTidWhoseGtidStaysPositive()
    {
        // Protects issue 14's gtid limit: the last allowed invocation's gtid is positive, the next one's would shift
        // into the sign bit (a negative gtid names no task, or the wrong one), and the check refuses exactly that run.
        const int TidBase = 1000;
        long lastAllowedTid = TidBase + SimulatedKernel.MaxEnclaveInvocations - 1;
        Assert.That((lastAllowedTid << AlpsGhost.Ghost.Abi.GhostAbi.GtidSeqnumBits) | 1, Is.Positive);
        Assert.That(((lastAllowedTid + 1) << AlpsGhost.Ghost.Abi.GhostAbi.GtidSeqnumBits) | 1, Is.Negative);
        Assert.DoesNotThrow(() => SimulatedKernel.CheckEnclaveInvocations("w", SimulatedKernel.MaxEnclaveInvocations));
        var e = Assert.Throws<SimulationLimitException>(() => SimulatedKernel.CheckEnclaveInvocations("azure-day", SimulatedKernel.MaxEnclaveInvocations + 1L))!;
        Assert.That(e.Message, Does.Contain("workload 'azure-day' has 4,193,305 invocations").And.Contain("at most 4,193,304"));
    }

    [Test]
    public void StatusWordSlots_RefuseAGtidForATidPastPidMax()
    {
        // Protects the kernel's last guard: a run that gets past the up-front check (a streamed workload whose
        // expected count looked safe) must stop at the first tid a gtid cannot hold, not hand out a negative gtid.
        var slots = new StatusWordSlots(capacity: 8, reserved: 2);
        int lastTid = AlpsGhost.Ghost.Abi.GhostAbi.PidMaxLimit - 1;
        var last = new SimTask(0, lastTid, null, [new AlpsGhost.Workloads.Phase(AlpsGhost.Workloads.PhaseKind.Cpu, Ms)], null);
        Assert.That(slots.TryAllocate(last), Is.True);
        Assert.That(last.Gtid, Is.Positive);
        var beyond = new SimTask(1, lastTid + 1, null, [new AlpsGhost.Workloads.Phase(AlpsGhost.Workloads.PhaseKind.Cpu, Ms)], null);
        Assert.That(() => slots.TryAllocate(beyond), Throws.TypeOf<SimulationLimitException>().With.Message.Contain("4,194,304"));
        Assert.That(beyond.HasSw, Is.False, "no word is handed out");
    }
}
