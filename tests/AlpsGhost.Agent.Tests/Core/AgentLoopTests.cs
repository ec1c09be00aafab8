using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Ghost;

namespace AlpsGhost.Agent.Tests.Core;

/// <summary>The agent loop's waiting decisions (the simulator models them; RealEnclaveAgentLoopTests carries them out on the real-host path).</summary>
public class AgentLoopTests
{
    private static AgentLoop Loop(AgentHarness h) => new(h.Agent, h.Enclave);

    [Test]
    public void SpinningPollsForeverAndQueueWakeupSleepsAtOnce()
    {
        using var spinning = new AgentHarness(new FifoPolicy(), mode: AgentMode.Spinning);
        using var sleeping = new AgentHarness(new FifoPolicy(), mode: AgentMode.QueueWakeup);
        Assert.That(Loop(spinning).Iterate(), Is.EqualTo(new AgentWait(long.MaxValue, long.MaxValue, YieldToFair: false)));
        Assert.That(Loop(sleeping).Iterate(), Is.EqualTo(new AgentWait(long.MaxValue, 0, YieldToFair: false)));
    }

    [Test]
    public void AdaptiveSpinsForItsBudgetAfterWorkOnly()
    {
        using var h = new AgentHarness(new FifoPolicy(), mode: AgentMode.Adaptive);
        AgentLoop loop = Loop(h);
        h.Enclave.Now = 1_000;
        Assert.That(loop.Iterate().SpinUntilNs, Is.Zero, "no work seen yet: sleep");
        Assert.That(loop.Sleeps, Is.EqualTo(1));

        h.New(0);
        h.Enclave.Now = 2_000;
        Assert.That(loop.Iterate().SpinUntilNs, Is.EqualTo(2_000 + h.Agent.Options.SpinBudgetNs), "work: poll for the budget");
        h.Enclave.Now = 3_000;
        Assert.That(loop.Iterate().SpinUntilNs, Is.EqualTo(2_000 + h.Agent.Options.SpinBudgetNs), "an idle round does not extend it");
        Assert.That(loop.Sleeps, Is.EqualTo(1), "rounds within the budget do not sleep");
    }

    [TestCase(AgentMode.Spinning)]
    [TestCase(AgentMode.QueueWakeup)]
    [TestCase(AgentMode.Adaptive)]
    public void BoostPrioHandsTheCpuToTheFairClassInEveryMode(AgentMode mode)
    {
        using var h = new AgentHarness(new FifoPolicy(), mode: mode);
        AgentLoop loop = Loop(h);
        h.Enclave.SetAgentBoost(h.Enclave.AgentCpu, true);
        Assert.That(loop.Iterate().YieldToFair, Is.True);
        h.Enclave.SetAgentBoost(h.Enclave.AgentCpu, false);
        Assert.That(loop.Iterate().YieldToFair, Is.False);
        Assert.That(loop.FairYields, Is.EqualTo(1));
    }

    [Test]
    public void TheRoundsDeadlineIsPassedOn()
    {
        // FIFO with a 5 ms preemption slice asks to run again when a running task's slice ends while another waits.
        using var h = new AgentHarness(new FifoPolicy(5_000_000), cpus: 2, mode: AgentMode.QueueWakeup);
        AgentLoop loop = Loop(h);
        h.New(0);
        h.New(1);
        h.New(2);
        AgentWait wait = loop.Iterate();
        Assert.That(wait.DeadlineNs, Is.LessThan(long.MaxValue), "a waiting task and a running slice give a deadline");
    }
}
