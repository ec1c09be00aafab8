using AlpsGhost.Agent.Policies;

namespace AlpsGhost.Agent.Tests.Core;

/// <summary>alps-io's round robin within a rank: tasks of one function take turns in queue order, instead
/// of the newest (least CPU used) invocation always going first.</summary>
public class AlpsIoRoundRobinTests
{
    private const long Ms = 1_000_000;

    // One schedulable CPU; three tasks of one function (rank 1, slice 2 ms). A runs from 0, B waits from 0,
    // C arrives at 3 ms. Returns who holds the CPU at 5 ms, after B's 2 ms turn (2-4 ms) and one more round.
    private static (long A, long C, long Running) AfterTurns(bool roundRobin)
    {
        var publisher = AgentHarness.Publisher((0, 1, 2 * Ms));
        var options = new AlpsPolicyOptions { Order = AlpsOrder.Rank, MinimumRunNs = 0, RoundRobinWithinRank = roundRobin };
        using var h = new AgentHarness(new AlpsPolicy(publisher, options), cpus: 2);
        long a = h.New(0);
        h.Run();
        long b = h.New(0);
        long c = -1;
        for (long t = 1; t <= 5; t++)
        {
            h.Enclave.Now = t * Ms;
            if (t == 3)
            {
                c = h.New(0);
            }
            h.Run();
        }
        Assert.That(b, Is.Not.EqualTo(a));
        return (a, c, h.Enclave.Current(1));
    }

    [Test]
    public void RoundRobinServesTheOlderWaitingTaskBeforeTheNewcomer()
    {
        (long a, _, long running) = AfterTurns(roundRobin: true);
        Assert.That(running, Is.EqualTo(a), "A was requeued at 2 ms, before C arrived at 3 ms: A's turn comes first");
    }

    [Test]
    public void LeastCpuFirstLetsTheNewcomerJumpAhead()
    {
        (_, long c, long running) = AfterTurns(roundRobin: false);
        Assert.That(running, Is.EqualTo(c), "plain alps: C has used no CPU, so it runs before A, which has used 2 ms");
    }
}
