using AlpsGhost.Ghost;
using AlpsGhost.Workloads;
using static AlpsGhost.Kernel.Tests.TestWorkloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>How the kernel models an adaptive agent's spin-then-sleep (the agent loop asks; the kernel charges).</summary>
public sealed class AdaptiveAgentTests
{
    /// <summary>The FIFO test agent, asking after every round to keep polling for <paramref name="spinNs"/>.</summary>
    private sealed class SpinAfterRound(FifoTestAgent inner, IGhostEnclave enclave, long spinNs) : ISimulatedAgent
    {
        public long RunOnce() => inner.RunOnce();

        public AgentWait Iterate() => new(inner.RunOnce(), enclave.NowNanoseconds + spinNs, YieldToFair: false);
    }

    private static SimulationResult Run(AgentMode mode, long spinNs)
    {
        Workload w = Make("one", 1, (0, 1 * Ms, [Cpu(2 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2, AgentMode = mode });
        IGhostEnclave e = k.CreateEnclave();
        k.AttachAgent(new SpinAfterRound(new FifoTestAgent(e), e, spinNs));
        return k.Run();
    }

    [Test]
    public void AMessageDuringTheSpinIsSeenAtSpinningLatencyWithoutAContextSwitch()
    {
        // The agent's first round (t = 0) spins for 5 ms; the task arrives at 1 ms, inside the spin.
        SimulationResult sleeping = Run(AgentMode.QueueWakeup, 5 * Ms);
        SimulationResult adaptive = Run(AgentMode.Adaptive, 5 * Ms);
        SimulationCosts c = SimulationCosts.Default;
        long saved = c.MessageDeliveryWakeupNs - c.MessageDeliverySpinningNs + c.ContextSwitchNs;
        Assert.That(adaptive.Tasks[0].FinishNs, Is.EqualTo(sleeping.Tasks[0].FinishNs - saved),
            "the same local commit, earlier by the wakeup's extra delivery latency and its context switch");
        Assert.That(adaptive.AgentCpuNs, Is.GreaterThan(1 * Ms), "the spin from t = 0 up to the message at 1 ms is agent CPU time");
        Assert.That(sleeping.AgentCpuNs, Is.LessThan(10_000), "a sleeping agent is charged only its rounds");
    }

    [Test]
    public void WithoutASpinRequestAdaptiveIsQueueWakeup()
    {
        SimulationResult sleeping = Run(AgentMode.QueueWakeup, 0);
        SimulationResult adaptive = Run(AgentMode.Adaptive, 0);
        Assert.That((adaptive.Tasks[0].FinishNs, adaptive.AgentCpuNs, adaptive.AgentWakeups),
            Is.EqualTo((sleeping.Tasks[0].FinishNs, sleeping.AgentCpuNs, sleeping.AgentWakeups)));
    }

    [Test]
    public void SpinRequestsAreIgnoredOutsideAdaptiveMode()
    {
        // A queue-wakeup agent sleeps whatever the loop says; spinning mode already owns its CPU.
        Assert.That(Run(AgentMode.QueueWakeup, 5 * Ms).Tasks[0].FinishNs, Is.EqualTo(Run(AgentMode.QueueWakeup, 0).Tasks[0].FinishNs));
    }
}
