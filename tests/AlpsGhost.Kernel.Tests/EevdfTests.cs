using AlpsGhost.Ghost;
using AlpsGhost.Kernel.Fair;
using AlpsGhost.Workloads;
using static AlpsGhost.Kernel.Tests.TestWorkloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>The EEVDF fair-class model follows Linux 6.6+ rules: lag placement, eligible earliest deadline, fair shares.</summary>
public sealed class EevdfTests
{
    private static readonly EevdfParameters Exact = new() { BaseSliceNs = 3 * Ms, SliceEndsAtTick = false, DelayDequeue = false };

    private static SimulationOptions Options(int cpus, EevdfParameters? p = null) =>
        new() { CpuCount = cpus, FairClass = FairClassModel.Eevdf, Eevdf = p, Costs = SimulationCosts.Zero };

    private static (SimCpu Cpu, EevdfRunQueue Rq) Queue(EevdfParameters p)
    {
        EevdfRunQueue? rq = null;
        SimCpu cpu = new(0, c => rq = new EevdfRunQueue(c, p, 4 * Ms));
        return (cpu, rq!);
    }

    private static SimTask Task(int index) => new(index, 1000 + index, null, [Cpu(Ms)], null) { Class = TaskClass.Fair };

    [Test]
    public void Defaults_AreMainlineBaseSliceScaledByLogCpus()
    {
        Assert.That(EevdfParameters.ForCpuCount(1).BaseSliceNs, Is.EqualTo(700_000));
        Assert.That(EevdfParameters.ForCpuCount(2).BaseSliceNs, Is.EqualTo(1_400_000));
        Assert.That(EevdfParameters.ForCpuCount(56).BaseSliceNs, Is.EqualTo(2_800_000), "factor capped at 1 + ilog2(8)");
    }

    [Test]
    public void WakingTask_IsPlacedByItsLag_ScaledByTheQueueWeight()
    {
        (_, EevdfRunQueue rq) = Queue(Exact);
        SimTask a = Task(0), b = Task(1), waker = Task(2);
        rq.Enqueue(a, FairEnqueue.New);
        rq.Enqueue(b, FairEnqueue.New);
        Assert.That(a.VRuntime, Is.EqualTo(b.VRuntime), "new tasks are placed at V with zero lag");
        long v = a.VRuntime;
        waker.Lag = 2 * Ms;
        rq.Enqueue(waker, FairEnqueue.Wake);
        // Two queued nice-0 tasks (W = 2048) plus the waker: lag x (W + w) / W = 2 ms x 3/2 = 3 ms before V.
        Assert.That(waker.VRuntime, Is.EqualTo(v - (3 * Ms)));
        Assert.That(waker.Deadline, Is.EqualTo(waker.VRuntime + Exact.BaseSliceNs), "a waking task's deadline is one slice ahead");
        Assert.That(a.Deadline, Is.EqualTo(a.VRuntime + (Exact.BaseSliceNs / 2)), "a new task's first deadline is half a slice ahead");

        SimTask debtor = Task(3);
        debtor.Lag = -1 * Ms;
        rq.Enqueue(debtor, FairEnqueue.Wake);
        Assert.That(debtor.VRuntime, Is.GreaterThan(v), "negative lag (ran ahead of its share) places it after V: no sleeper credit");
    }

    [Test]
    public void Pick_IsTheEarliestDeadlineAmongEligibleTasks_NotTheEarliestDeadline()
    {
        (_, EevdfRunQueue rq) = Queue(Exact);
        SimTask early = Task(0), late = Task(1), ahead = Task(2);
        rq.Requeue(SetV(early, v: 0, deadline: 10 * Ms));
        rq.Requeue(SetV(late, v: 1 * Ms, deadline: 20 * Ms));
        rq.Requeue(SetV(ahead, v: 8 * Ms, deadline: 9 * Ms)); // earliest deadline, but V = 3 ms < 8 ms: not eligible
        Assert.That(rq.PopNext(), Is.SameAs(early), "ahead has the earliest deadline but is not eligible");
        // Left: late (v 1, d 20) and ahead (v 8, d 9): V = 4.5 ms, so only late is eligible.
        Assert.That(rq.PopNext(), Is.SameAs(late));
        Assert.That(rq.PopNext(), Is.SameAs(ahead));
        Assert.That(rq.PopNext(), Is.Null);
    }

    [Test]
    public void SleeperWithNegativeLag_StaysQueuedUntilPicked_ThenKeepsNoDebt()
    {
        EevdfParameters delay = Exact with { DelayDequeue = true };
        (_, EevdfRunQueue rq) = Queue(delay);
        SimTask other = Task(0), sleeper = Task(1);
        rq.Requeue(SetV(other, v: 0, deadline: 5 * Ms));
        SetV(sleeper, v: 4 * Ms, deadline: 6 * Ms); // just ran: V = 2 ms with it, lag -2 ms
        rq.Sleep(sleeper);
        Assert.That(sleeper.Delayed, Is.True, "DELAY_DEQUEUE keeps a task with negative lag queued");
        Assert.That(rq.Count, Is.EqualTo(1), "a delayed sleeper is not runnable load");
        Assert.That(rq.PopNext(), Is.SameAs(other));
        Assert.That(rq.PopNext(), Is.Null, "only the delayed sleeper was left: it is dequeued, not run");
        Assert.That(sleeper.Delayed, Is.False);
        Assert.That(sleeper.Lag, Is.Zero, "DELAY_ZERO: its lag is reset when it finally leaves");
    }

    [Test]
    public void FourEqualTasksOnTwoCpus_ShareFairly()
    {
        Workload w = Make("four", 1, (0, 0, [Cpu(100 * Ms)]), (0, 0, [Cpu(100 * Ms)]), (0, 0, [Cpu(100 * Ms)]), (0, 0, [Cpu(100 * Ms)]));
        using SimulatedKernel k = new(w, Options(2));
        SimulationResult r = k.Run();
        long min = r.Tasks.Min(t => t.FinishNs), max = r.Tasks.Max(t => t.FinishNs);
        Assert.That(max - min, Is.LessThanOrEqualTo(max / 20), $"finish times {min}..{max} differ by more than 5%");
        Assert.That(max, Is.InRange(200 * Ms, 205 * Ms), "two CPUs fully used for 400 ms of work");
    }

    [Test]
    public void TwoEqualTasksOnOneCpu_AlternateInSlices()
    {
        Workload w = Make("two", 1, (0, 0, [Cpu(30 * Ms)]), (0, 0, [Cpu(30 * Ms)]));
        using SimulatedKernel k = new(w, Options(1, Exact));
        SimulationResult r = k.Run();
        Assert.That(r.Tasks[0].FinishNs, Is.GreaterThan(55 * Ms), "neither runs to completion first");
        Assert.That(r.Tasks[1].FinishNs, Is.GreaterThan(55 * Ms));
        Assert.That(r.Tasks[0].ContextSwitches, Is.GreaterThanOrEqualTo(8), "3 ms slices over 60 ms: about ten switches each");
    }

    [Test]
    public void SliceExpiry_IsNoticedAtTheTick_WhenHrtickIsOff()
    {
        Workload w = Make("tick", 1, (0, 0, [Cpu(30 * Ms)]), (0, 0, [Cpu(30 * Ms)]));
        using SimulatedKernel k = new(w, Options(1, Exact with { SliceEndsAtTick = true }) with { TickNs = 4 * Ms });
        SimulationResult r = k.Run();
        // Slices of 3 ms end at 4 ms ticks: about 60 / 4 switches instead of 60 / 3.
        Assert.That(r.ContextSwitches, Is.InRange(13, 17));
    }

    [Test]
    public void ShortTaskWakingBehindALongOne_RunsWithinASlice()
    {
        Workload w = Make("short", 1, (0, 0, [Cpu(200 * Ms)]), (0, 50 * Ms, [Cpu(1 * Ms)]));
        using SimulatedKernel k = new(w, Options(1));
        SimulationResult r = k.Run();
        Assert.That(r.Tasks[1].MaxRunnableWaitNs, Is.LessThanOrEqualTo(EevdfParameters.ForCpuCount(1).BaseSliceNs + (4 * Ms)), "at most the running task's protected slice, noticed at the next tick");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void MixedCpuAndIo_ConservesCpu_WithAndWithoutAnAgent(bool agent)
    {
        Workload w = Mixed(400, 300_000, seed: 11);
        using SimulatedKernel k = new(w, Options(3) with { Costs = SimulationCosts.Default });
        if (agent)
        {
            k.AttachAgentFifo();
        }
        SimulationResult r = k.Run();
        ConservationTests.AssertConserved(w, r);
    }

    [Test]
    public void SameInputs_GiveIdenticalResults()
    {
        Workload w = Mixed(600, 200_000, seed: 5);
        SimulationResult Run()
        {
            using SimulatedKernel k = new(w, Options(2) with { Costs = SimulationCosts.Default });
            return k.Run();
        }
        SimulationResult a = Run(), b = Run();
        Assert.That(a.EventsProcessed, Is.EqualTo(b.EventsProcessed));
        Assert.That(a.ContextSwitches, Is.EqualTo(b.ContextSwitches));
        Assert.That(a.Tasks.Select(t => t.FinishNs), Is.EqualTo(b.Tasks.Select(t => t.FinishNs)));
    }

    [Test]
    public void EevdfAndCfs_DifferOnIoBoundWork()
    {
        // The models are distinct: the same sleepy workload gets different timelines.
        Workload w = Mixed(400, 300_000, seed: 3);
        using SimulatedKernel cfs = new(w, new SimulationOptions { CpuCount = 2 });
        using SimulatedKernel eevdf = new(w, new SimulationOptions { CpuCount = 2, FairClass = FairClassModel.Eevdf });
        long[] a = cfs.Run().Tasks.Select(t => t.FinishNs).ToArray();
        long[] b = eevdf.Run().Tasks.Select(t => t.FinishNs).ToArray();
        Assert.That(a, Is.Not.EqualTo(b));
    }

    [Test]
    public void FairClassNames_RoundTrip_AndRejectOthers()
    {
        foreach (string name in FairClassNames.All)
        {
            Assert.That(FairClassNames.TryParse(name, out FairClassModel m), Is.True);
            Assert.That(FairClassNames.Name(m), Is.EqualTo(name));
        }
        Assert.That(FairClassNames.TryParse("cfs", out _), Is.False);
        Assert.That(FairClassNames.TryParse("EEVDF", out _), Is.False);
    }

    [Test]
    public void InvalidParameters_AreRejectedNamingTheOption()
    {
        Workload w = Make("one", 1, (0, 0, [Cpu(Ms)]));
        ArgumentException? e = Assert.Throws<ArgumentException>(() => new SimulatedKernel(w, Options(1, new EevdfParameters { BaseSliceNs = 0 })));
        Assert.That(e!.Message, Does.Contain("options.Eevdf"));
    }

    private static SimTask SetV(SimTask t, long v, long deadline)
    {
        t.VRuntime = v;
        t.Deadline = deadline;
        return t;
    }
}
