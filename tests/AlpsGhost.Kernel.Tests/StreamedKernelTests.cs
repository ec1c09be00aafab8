using AlpsGhost.Workloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>The kernel consumes invocations as a stream: the same outcomes as with the materialised workload, every
/// invocation recorded exactly once, and memory that follows the live tasks rather than the trace.</summary>
public sealed class StreamedKernelTests
{
    private const long Ms = 1_000_000;

    // CPU-bound and I/O-bound functions at high load: runnable queues, blocking, wake-ups and ties.
    private const string Busy = """
        { "duration_s": 3, "utilization": 0.95, "functions": [
          { "name": "a", "cpu": { "dist": "lognormal", "mean": 4, "cv": 1 }, "arrival": { "process": "poisson", "weight": 6 } },
          { "name": "b", "cpu": { "dist": "exponential", "mean": 40 }, "arrival": { "process": "bursty", "weight": 1, "mean_on_ms": 300, "mean_off_ms": 700 } },
          { "name": "io", "cpu": 2, "io": { "bursts": 3, "block": { "dist": "exponential", "mean": 3 } }, "arrival": { "process": "poisson", "weight": 2 } }
        ] }
        """;

    // Ten minutes of 1 ms invocations at 5 % load on 2 CPUs: 60,000 invocations, almost never two alive at once.
    private const string LongAndSparse = """
        { "duration_s": 600, "functions": [
          { "name": "tiny", "cpu": 1, "arrival": { "process": "poisson", "rate_per_s": 100 } }
        ] }
        """;

    private static Workload Whole(string json, int cpus, ulong seed) =>
        WorkloadFile.Parse(json, "w.json", ".", new WorkloadOverrides { CpuCount = cpus, Seed = seed });

    private static StreamedWorkload Streamed(string json, int cpus, ulong seed) =>
        WorkloadFile.ParseStreamed(json, "w.json", ".", new WorkloadOverrides { CpuCount = cpus, Seed = seed });

    [TestCase(false, 2)]
    [TestCase(true, 2)]
    [TestCase(true, 8)]
    public void StreamedAndMaterialisedRunsGiveIdenticalOutcomes(bool agent, int cpus)
    {
        // Protects the equivalence the scale work rests on: tasks created at arrival and dropped after exit must
        // schedule exactly as when every task existed up front (same events, switches, messages, outcomes).
        var options = new SimulationOptions { CpuCount = cpus, Seed = 9, RunnableTimeoutNs = 0 };
        using SimulatedKernel whole = new(Whole(Busy, cpus, 9), options);
        var recorded = new List<TaskOutcome>();
        using SimulatedKernel streamed = new(Streamed(Busy, cpus, 9), options, recorded.Add);
        if (agent)
        {
            whole.AttachAgentFifo();
            streamed.AttachAgentFifo();
        }
        SimulationResult a = whole.Run();
        SimulationResult b = streamed.Run();

        Assert.That(b.Tasks, Is.Empty, "a streamed run hands its outcomes to the recorder");
        recorded.Sort((x, y) => x.InvocationId.CompareTo(y.InvocationId));
        Assert.That(recorded, Is.EqualTo(a.Tasks));
        Assert.That((b.Finished, b.EventsProcessed, b.ContextSwitches, b.MessagesProduced, b.EndNs, b.TxnCommits),
            Is.EqualTo((a.Finished, a.EventsProcessed, a.ContextSwitches, a.MessagesProduced, a.EndNs, a.TxnCommits)));
        Assert.That(a.Finished, Is.EqualTo(a.Tasks.Count), "the comparison covers a complete run");
    }

    [Test]
    public void ARunStoppedAtItsBoundRecordsEveryInvocationOnce()
    {
        // Protects the end of a streamed run: the invocations still running and those that never arrived are
        // recorded too (once each, as in the materialised result), and counted the same way.
        var options = new SimulationOptions { CpuCount = 2, Seed = 4, TimeLimitNs = 1500 * Ms };
        Workload w = Whole(Busy, 2, 4);
        using SimulatedKernel whole = new(w, options);
        var recorded = new List<TaskOutcome>();
        using SimulatedKernel streamed = new(Streamed(Busy, 2, 4), options, recorded.Add);
        whole.AttachAgentFifo();
        streamed.AttachAgentFifo();
        SimulationResult a = whole.Run();
        SimulationResult b = streamed.Run();

        Assert.That(a.StoppedAtTimeLimit && a.NotArrived > 0 && a.Unfinished > 0, "the bound cuts the run in the middle");
        Assert.That((b.Finished, b.Unfinished, b.NotArrived), Is.EqualTo((a.Finished, a.Unfinished, a.NotArrived)));
        Assert.That(recorded, Has.Count.EqualTo(w.Invocations.Count));
        recorded.Sort((x, y) => x.InvocationId.CompareTo(y.InvocationId));
        Assert.That(recorded, Is.EqualTo(a.Tasks));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void MemoryFollowsTheLiveTasksNotTheTraceLength(bool agent)
    {
        // Protects item 1: the kernel held one task per invocation of the whole trace (1.5 GB for an hour at 56
        // CPUs). Now a task is dropped at its exit, or once the agent has freed its status word; the count of tasks
        // held at once stays at the handful alive together, whatever the length of the run.
        using SimulatedKernel k = new(Streamed(LongAndSparse, 2, 1), new SimulationOptions { CpuCount = 2, Seed = 1 }, _ => { });
        if (agent)
        {
            k.AttachAgentFifo();
        }
        SimulationResult r = k.Run();
        Assert.That(r.Finished, Is.GreaterThan(55_000));
        Assert.That(r.PeakLiveTasks, Is.InRange(1, 20), "tasks held at once: the live ones, not the 60,000 of the trace");
    }

    [Test]
    public void AMaterialisedRunAlsoDropsTasksAfterTheirExit()
    {
        // The materialised workload goes through the same stream of arrivals: its list stays (the caller holds it),
        // but the kernel's own per-task state follows the live tasks there too.
        using SimulatedKernel k = new(Whole(LongAndSparse, 2, 1), new SimulationOptions { CpuCount = 2, Seed = 1 });
        k.AttachAgentFifo();
        SimulationResult r = k.Run();
        Assert.That(r.Tasks, Has.Count.EqualTo(r.Finished));
        Assert.That(r.PeakLiveTasks, Is.InRange(1, 20));
    }
}
