using AlpsGhost.Agent.Policies;

namespace AlpsGhost.Agent.Tests.Core;

/// <summary>ALPS's starvation bound: a long function under a steady stream of shorter ones still runs.</summary>
public class AlpsAgingTests
{
    private const long Ms = 1_000_000;

    // One schedulable CPU (CPU 1; the spinning agent owns CPU 0). A rank-2 task waits while a new rank-1
    // task arrives every millisecond and the previous one blocks. Returns when the rank-2 task first ran.
    private static long FirstRunOfStarvedTask(long starvationLimitNs)
    {
        var publisher = AgentHarness.Publisher((0, 2, 0), (1, 1, 0));
        var options = new AlpsPolicyOptions { Order = AlpsOrder.Rank, MinimumRunNs = 0, StarvationLimitNs = starvationLimitNs, AgedQuantumNs = 3 * Ms };
        using var h = new AgentHarness(new AlpsPolicy(publisher, options), cpus: 2);
        long shortTask = h.New(1);
        long longTask = h.New(0);
        h.Run();
        for (long t = 1; t <= 20; t++)
        {
            h.Enclave.Now = t * Ms;
            if (h.Enclave.Current(1) == longTask)
            {
                return (t - 1) * Ms;
            }
            h.Enclave.Block(shortTask);
            shortTask = h.New(1);
            h.Run();
        }
        return h.Enclave.Current(1) == longTask ? 20 * Ms : long.MaxValue;
    }

    [Test]
    public void StrictRanksStarveTheLongTask() =>
        Assert.That(FirstRunOfStarvedTask(starvationLimitNs: 0), Is.EqualTo(long.MaxValue),
            "without a bound, rank 1 work arriving every millisecond keeps the rank 2 task off the CPU");

    [Test]
    public void AgedTaskRunsOnceItHasWaitedTheLimit()
    {
        long firstRun = FirstRunOfStarvedTask(starvationLimitNs: 5 * Ms);
        Assert.That(firstRun, Is.InRange(5 * Ms, 6 * Ms), "served at the first round after waiting 5 ms");
    }
}
