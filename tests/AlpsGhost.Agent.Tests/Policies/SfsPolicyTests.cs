using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Tests.Core;

namespace AlpsGhost.Agent.Tests.Policies;

/// <summary>sfs: the global slice follows the arrival rate; credit-exhausted jobs sink below fresh ones; I/O keeps credit.</summary>
/// <remarks>Spinning agent on CPU 0 of the fake enclave, so CPU 1 runs tasks.</remarks>
[TestFixture]
public sealed class SfsPolicyTests
{
    private const long Ms = 1_000_000;

    [Test]
    public void SliceIsMeanInterArrivalTimesCpusAfterEachPeriod()
    {
        var sfs = new SfsPolicy(cpuCount: 4, new SfsPolicyOptions { Period = 4 });
        using var h = new AgentHarness(sfs, cpus: 2);
        // Inter-arrival times 2, 3, 4, 3 ms: mean 3 ms x 4 CPUs = 12 ms.
        long[] at = [0, 2 * Ms, 5 * Ms, 9 * Ms, 12 * Ms];
        for (int i = 0; i < at.Length; i++)
        {
            Assert.That(sfs.SliceNs, Is.EqualTo(20 * Ms), $"T stays at its initial 20 ms until {4} inter-arrival times (arrival {i})");
            h.Enclave.Now = at[i];
            h.New(0);
            h.Run();
        }
        Assert.That(sfs.SliceNs, Is.EqualTo(12 * Ms));
        h.Enclave.Now = 13 * Ms;
        long fresh = h.New(0);
        h.Run();
        Assert.That(sfs.TryGetState(fresh, out long credit, out bool demoted), Is.True);
        Assert.That(credit, Is.EqualTo(12 * Ms), "a new job's credit is T");
        Assert.That(demoted, Is.False);

        // Next period: IATs of 1.1 ms -> 4.4 ms -> whole ms 4 -> credit floored at 6 ms.
        for (int i = 1; i <= 4; i++)
        {
            h.Enclave.Now = (13 * Ms) + (i * 1_100_000);
            h.New(0);
            h.Run();
        }
        Assert.That(sfs.SliceNs, Is.EqualTo(4 * Ms), "T is kept in whole milliseconds");
        h.Enclave.Now = 20 * Ms;
        long late = h.New(0);
        h.Run();
        sfs.TryGetState(late, out credit, out _);
        Assert.That(credit, Is.EqualTo(6 * Ms), "a job's credit is at least 6 ms");
    }

    [Test]
    public void TaskExceedingItsCreditIsDemotedBelowAFreshFifoArrival()
    {
        var sfs = new SfsPolicy(cpuCount: 1, new SfsPolicyOptions { InitialSliceNs = 10 * Ms, BypassFactor = 100 });
        using var h = new AgentHarness(sfs, cpus: 2);
        long hog = h.New(0);
        h.Run();
        h.Enclave.Now = 5 * Ms;
        long waiting = h.New(0);
        long next = h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(hog), "a FIFO job keeps its CPU while it has credit");
        Assert.That(next, Is.EqualTo(10 * Ms), "the agent must come back when the credit runs out");

        h.Enclave.Now = 10 * Ms;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(waiting), "credit used up: the waiting FIFO job takes the CPU");
        h.Run(); // hog's TASK_PREEMPT: it re-enters the queue, demoted
        Assert.That(sfs.TryGetState(hog, out _, out bool demoted) && demoted, Is.True);

        h.Enclave.Now = 11 * Ms;
        long fresh = h.New(0);
        h.Run();
        h.Enclave.Now = 12 * Ms;
        h.Enclave.Block(waiting);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(fresh), "a fresh FIFO arrival runs before the demoted job queued earlier");
        h.Enclave.Now = 13 * Ms;
        h.Enclave.Exit(fresh);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(hog), "the demoted job runs when the FIFO level leaves a CPU");
    }

    [Test]
    public void BlockedTaskKeepsItsRemainingCreditAndReentersTheFifoLevel()
    {
        var sfs = new SfsPolicy(cpuCount: 1, new SfsPolicyOptions { InitialSliceNs = 10 * Ms, BypassFactor = 100 });
        using var h = new AgentHarness(sfs, cpus: 2);
        long io = h.New(0);
        h.Run();
        h.Enclave.Now = 4 * Ms;
        h.Enclave.Block(io); // ran 4 ms of its 10 ms credit
        h.Run();
        h.Enclave.Now = 5 * Ms;
        h.Enclave.Wake(io);
        long other = h.New(0);
        long next = h.Run();
        Assert.That(sfs.TryGetState(io, out long credit, out bool demoted), Is.True);
        Assert.That(credit, Is.EqualTo(6 * Ms), "the credit left when it blocked");
        Assert.That(demoted, Is.False, "it re-enters the FIFO level");
        Assert.That(h.Enclave.Current(1), Is.EqualTo(io));
        Assert.That(next, Is.EqualTo(11 * Ms), "protected for exactly its remaining 6 ms");
        h.Enclave.Now = 11 * Ms;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(other));
    }

    [Test]
    public void LessThanOnePollingTickOfCreditLeftIsDemoted()
    {
        // Dispatching a job with a few microseconds of credit would wake the agent (queue-wakeup: on the job's
        // own CPU) before the job runs at all, again and again: SFS spends credit in 1 ms ticks.
        var sfs = new SfsPolicy(cpuCount: 1, new SfsPolicyOptions { InitialSliceNs = 10 * Ms, BypassFactor = 100 });
        using var h = new AgentHarness(sfs, cpus: 2);
        long io = h.New(0);
        h.Run();
        h.Enclave.Now = 9_500_000;
        h.Enclave.Block(io); // 0.5 ms of credit left
        h.Run();
        h.Enclave.Wake(io);
        h.Run();
        Assert.That(sfs.TryGetState(io, out long credit, out bool demoted), Is.True);
        Assert.That(credit, Is.EqualTo(500_000));
        Assert.That(demoted, Is.True);
    }

    [Test]
    public void JobWaitingLongerThanThreeSlicesBypassesTheFifoLevel()
    {
        var sfs = new SfsPolicy(cpuCount: 1, new SfsPolicyOptions { InitialSliceNs = 10 * Ms });
        using var h = new AgentHarness(sfs, cpus: 2);
        long first = h.New(0);
        long queued = h.New(0);
        h.Run();
        h.Enclave.Now = 31 * Ms; // first blocks after 31 ms, so queued waited 31 ms > 3 x 10 ms
        h.Enclave.Block(first);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(queued));
        Assert.That(sfs.TryGetState(queued, out _, out bool demoted) && demoted, Is.True, "picked after more than 3 T: lower level");
    }
}
