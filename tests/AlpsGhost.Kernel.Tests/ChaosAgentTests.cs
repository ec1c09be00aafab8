using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Workloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>
/// A seeded agent that commits arbitrary tasks (dead, blocked, running, stale barriers, gtid 0) to
/// arbitrary CPUs: the kernel must stay consistent, conserve CPU time, and lose no task.
/// </summary>
public sealed class ChaosAgentTests
{
    private sealed class ChaosAgent(IGhostEnclave e, int seed) : ISimulatedAgent
    {
        private readonly Random _rng = new(seed);
        private readonly List<long> _known = [];
        private readonly Dictionary<long, uint> _seq = [];
        private readonly int[] _one = new int[1];

        public long Attempted { get; private set; }

        public long RunOnce()
        {
            while (e.Queue.TryPeek(out GhostMessage m) == QueueReadStatus.Message)
            {
                if (GhostMessageTypes.IsTaskMessage(m.Type))
                {
                    if (m.Type == GhostMessageType.TaskNew)
                    {
                        _known.Add(m.Gtid);
                    }
                    _seq[m.Gtid] = m.Seqnum;
                }
                e.Queue.Consume(in m);
            }
            int commits = _rng.Next(4);
            for (int i = 0; i < commits && _known.Count > 0; i++)
            {
                int cpu = _rng.Next(e.PossibleCpus);
                long gtid = _rng.Next(10) == 0 ? 0 : _known[_rng.Next(_known.Count)];
                ref GhostTxn t = ref e.Txn(cpu);
                t.Gtid = gtid;
                t.TaskBarrier = gtid == 0 ? 0 : _seq[gtid] - (uint)(_rng.Next(5) == 0 ? 1 : 0);
                t.RunFlags = (ushort)(_rng.Next(20) == 0 ? RunFlags.DoNotPreempt : RunFlags.None);
                t.CommitFlags = (byte)(_rng.Next(20) == 0 ? CommitFlags.AllowTaskOnCpu : CommitFlags.None);
                t.State = (int)GhostTxnState.Ready;
                _one[0] = cpu;
                e.CommitTransactions(_one);
                Assert.That(GhostTxnStates.IsFinished((GhostTxnState)e.Txn(cpu).State), Is.True);
                Attempted++;
            }
            return e.NowNanoseconds + _rng.Next(500_000);
        }
    }

    [TestCase(AgentMode.Spinning, 3, 1)]
    [TestCase(AgentMode.Spinning, 4, 2)]
    [TestCase(AgentMode.QueueWakeup, 2, 3)]
    [TestCase(AgentMode.QueueWakeup, 1, 4)]
    public void ArbitraryCommits_KeepTheKernelConsistent(AgentMode mode, int cpus, int seed)
    {
        Workload w = TestWorkloads.Mixed(150, 400_000, seed, withOutsideFunction: true);
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = cpus, AgentMode = mode, RunnableTimeoutNs = 300 * TestWorkloads.Ms, DeliverTicks = true });
        ChaosAgent a = new(k.CreateEnclave(), seed);
        k.AttachAgent(a);
        SimulationResult r = k.Run();
        Assert.That(r.Finished, Is.EqualTo(150), "the watchdog rescues whatever the agent starves");
        foreach (TaskOutcome t in r.Tasks)
        {
            Assert.That(t.CpuNs, Is.EqualTo(t.DemandNs), $"invocation {t.InvocationId}");
        }
        long outcomes = 0;
        for (GhostTxnState s = GhostTxnState.Complete; s <= GhostTxnStates.LastFailure; s++)
        {
            outcomes += r.TxnsWithState(s);
        }
        Assert.That(outcomes, Is.EqualTo(a.Attempted), "every READY txn got exactly one final state");
        Assert.That(r.TxnCommits, Is.GreaterThan(0));
        Assert.That(r.TxnsWithState(GhostTxnState.TargetStale), Is.GreaterThan(0));
    }
}
