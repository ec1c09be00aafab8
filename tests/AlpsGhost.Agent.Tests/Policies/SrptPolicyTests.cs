using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Tests.Core;

namespace AlpsGhost.Agent.Tests.Policies;

/// <summary>srpt: least remaining demand runs first; a strictly shorter arrival preempts the longest running task.</summary>
/// <remarks>Spinning agent on CPU 0 of the fake enclave, so CPUs 1.. run tasks.</remarks>
[TestFixture]
public sealed class SrptPolicyTests
{
    private const long Ms = 1_000_000;
    private const long Us = 1_000;

    private static long New(AgentHarness h, FakeDemandOracle oracle, long remainingNs)
    {
        long gtid = h.New(0);
        oracle.Set(gtid, remainingNs);
        return gtid;
    }

    [Test]
    public void DispatchesLeastRemainingDemandFirst()
    {
        var oracle = new FakeDemandOracle();
        using var h = new AgentHarness(new SrptPolicy(oracle), cpus: 2);
        long a = New(h, oracle, 30 * Ms);
        long b = New(h, oracle, 10 * Ms);
        long c = New(h, oracle, 20 * Ms);
        h.Run();
        h.Enclave.Now = 10 * Ms;
        h.Enclave.Exit(b);
        h.Run();
        h.Enclave.Now = 30 * Ms;
        h.Enclave.Exit(c);
        h.Run();
        Assert.That(h.Dispatched(), Is.EqualTo(new[] { b, c, a }));
    }

    [Test]
    public void StrictlyShorterArrivalPreemptsAfterTheMinimumRun()
    {
        var oracle = new FakeDemandOracle();
        using var h = new AgentHarness(new SrptPolicy(oracle, minimumRunNs: 100 * Us), cpus: 2);
        long a = New(h, oracle, 50 * Ms);
        h.Run();
        h.Enclave.Now = 50 * Us;
        long shorter = New(h, oracle, 5 * Ms);
        long next = h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(a), "inside the 100 us minimum run a keeps its CPU");
        Assert.That(next, Is.EqualTo(100 * Us), "the agent must come back when the minimum run ends");

        h.Enclave.Now = 100 * Us;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(shorter), "a strictly shorter task takes the CPU");
        Assert.That(h.Agent.Stats.Preemptions, Is.EqualTo(1));
    }

    [Test]
    public void NoWakeupAtTheEndOfTheMinimumRunForALongerCandidate()
    {
        var oracle = new FakeDemandOracle();
        using var h = new AgentHarness(new SrptPolicy(oracle, minimumRunNs: 100 * Us), cpus: 2);
        New(h, oracle, 5 * Ms);
        h.Run();
        h.Enclave.Now = 50 * Us;
        New(h, oracle, 50 * Ms);
        Assert.That(h.Run(), Is.EqualTo(long.MaxValue), "a longer candidate never preempts: waking the agent would only cost a switch");
    }

    [Test]
    public void EqualRemainingDemandDoesNotPreempt()
    {
        var oracle = new FakeDemandOracle();
        using var h = new AgentHarness(new SrptPolicy(oracle), cpus: 2);
        long a = New(h, oracle, 50 * Ms);
        h.Run();
        h.Enclave.Now = 1 * Ms;
        New(h, oracle, 49 * Ms); // exactly a's remaining 49 ms: not strictly shorter
        long next = h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(a));
        Assert.That(next, Is.EqualTo(long.MaxValue), "a running task only gets shorter: nothing to come back for");
        Assert.That(h.Agent.Stats.Preemptions, Is.Zero);
    }

    [Test]
    public void RunningTasksRemainingDemandShrinksAsItRuns()
    {
        var oracle = new FakeDemandOracle();
        using var h = new AgentHarness(new SrptPolicy(oracle), cpus: 2);
        long a = New(h, oracle, 10 * Ms);
        h.Run();
        h.Enclave.Now = 8 * Ms;
        New(h, oracle, 5 * Ms); // a has 2 ms left, less than 5: it must keep the CPU
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(a));
        Assert.That(h.Agent.Stats.Preemptions, Is.Zero);
    }

    [Test]
    public void VictimIsTheRunningTaskWithTheMostRemainingDemand()
    {
        var oracle = new FakeDemandOracle();
        using var h = new AgentHarness(new SrptPolicy(oracle), cpus: 3);
        long mid = New(h, oracle, 40 * Ms);
        long big = New(h, oracle, 80 * Ms);
        h.Run();
        int bigCpu = h.Enclave.Current(1) == big ? 1 : 2;
        h.Enclave.Now = 1 * Ms;
        long small = New(h, oracle, 10 * Ms);
        h.Run();
        Assert.That(h.Enclave.Current(bigCpu), Is.EqualTo(small), "the 80 ms task is the victim");
        Assert.That(h.Enclave.Current(3 - bigCpu), Is.EqualTo(mid));
    }
}
