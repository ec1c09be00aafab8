using AlpsGhost.Agent.Policies;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Agent.Tests.Core;

[TestFixture]
public sealed class AgentSoakTests
{
    /// <summary>
    /// Random task events, failed transactions and lost messages against the fake kernel. Properties:
    /// the agent never throws; after the chaos stops it tracks exactly the kernel's live tasks, and it
    /// is work-conserving (no runnable task waits while a CPU is idle): nothing was lost.
    /// </summary>
    [TestCase("fifo", 1)]
    [TestCase("fifo", 2)]
    [TestCase("alps", 3)]
    [TestCase("alps", 4)]
    public void RandomEventsNeverLoseTasks(string policyName, int seed)
    {
        const int cpus = 4;
        ISchedulingPolicy policy = policyName == "fifo"
            ? new FifoPolicy(preemptionTimeSliceNs: 2_000_000)
            : new AlpsPolicy(AgentHarness.Publisher((0, 1, 1_000_000), (1, 2, 0), (2, 3, 3_000_000)));
        using var h = new AgentHarness(policy, cpus: cpus, observationCapacity: 8192);
        h.Enclave.RecordCommits = false;
        var random = new Random(seed);
        var failures = new[] { GhostTxnState.TargetStale, GhostTxnState.CpuUnavail, GhostTxnState.Poisoned, GhostTxnState.NoAgent };

        for (int step = 1; step <= 4000; step++)
        {
            h.Enclave.Now += random.Next(10_000, 800_000);
            var live = h.Enclave.LiveTasks().Where(t => !t.Dead).ToList();
            int action = random.Next(100);
            if (live.Count < 40 && (live.Count == 0 || action < 20))
            {
                h.New(random.Next(-1, 3), runnable: random.Next(4) != 0, runtime: random.Next(0, 5_000_000));
            }
            else
            {
                var t = live[random.Next(live.Count)];
                if (random.Next(20) == 0)
                {
                    h.Enclave.LoseNextMessage(t.Gtid, asOverflow: true);
                }
                switch (action % 6)
                {
                    case 0 when t.OnCpu:
                        h.Enclave.Block(t.Gtid);
                        break;
                    case 1 when !t.Runnable:
                        h.Enclave.Wake(t.Gtid);
                        break;
                    case 2 when t.OnCpu:
                        h.Enclave.Preempt(t.Gtid);
                        break;
                    case 3 when t.OnCpu:
                        h.Enclave.Yield(t.Gtid);
                        break;
                    case 4 when t.OnCpu || !t.Runnable:
                        h.Enclave.Exit(t.Gtid, departed: random.Next(5) == 0);
                        break;
                    default:
                        h.Enclave.Tick(1 + random.Next(cpus - 1));
                        break;
                }
            }
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                h.Enclave.ForcedOutcome[cpu] = random.Next(10) == 0 ? failures[random.Next(failures.Length)] : null;
            }
            h.Run();
            while (h.Observations.TryRead(out _))
            {
            }
        }

        // Calm: no more failures; every task still runnable must end up either running or waiting for a busy CPU.
        Array.Clear(h.Enclave.ForcedOutcome);
        var all = h.Enclave.LiveTasks();
        foreach (var t in all.Where(t => !t.Dead && !t.Runnable))
        {
            h.Enclave.Wake(t.Gtid); // fresh, in-sequence messages bring every task back in sync
        }
        for (int i = 0; i < 5; i++)
        {
            h.Enclave.Now += 100_000;
            h.Run();
        }
        var final = h.Enclave.LiveTasks();
        TestContext.Out.WriteLine(h.Agent.Stats.ToString());
        TestContext.Out.WriteLine(string.Join(" ", final.Select(t => $"{t.Gtid % 100000}:{(t.Runnable ? "R" : "-")}{(t.OnCpu ? "C" : "-")}")));
        Assert.That(h.Agent.TaskCount, Is.EqualTo(final.Count), "the agent tracks exactly the kernel's live tasks");
        int running = Enumerable.Range(1, cpus - 1).Count(c => h.Enclave.Current(c) != 0);
        int runnable = final.Count(t => t.Runnable);
        Assert.That(running, Is.EqualTo(Math.Min(cpus - 1, runnable)), "work-conserving: no runnable task waits while a CPU idles");
        Assert.That(h.Agent.Stats.Dispatches, Is.GreaterThan(500));
        Assert.That(h.Agent.Stats.OverflowResyncs, Is.GreaterThan(10), "the chaos really dropped messages");
    }
}
