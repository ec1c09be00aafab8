using AlpsGhost.Agent.Policies;

namespace AlpsGhost.Agent.Tests.Core;

/// <summary>alps-io's preemption guard: a running task keeps its CPU for the guard against a better-ranked
/// wake-up (an I/O-bound function), and loses it right after.</summary>
public class AlpsIoGuardTests
{
    private const long Ms = 1_000_000;

    // One schedulable CPU (CPU 1; the spinning agent owns CPU 0). A rank-2 CPU-bound task (slice 0) is
    // dispatched at t = 0; a rank-1 task wakes at 2 ms. Returns the first time (ms, 1 ms agent rounds)
    // the rank-1 task holds the CPU, or -1 if it never does within 30 ms.
    private static long WakeupRunsAt(long guardNs)
    {
        var publisher = AgentHarness.Publisher((0, 2, 0), (1, 1, 0));
        var options = new AlpsPolicyOptions { Name = "alps-io", MinimumRunNs = 1 * Ms, PreemptGuardNs = guardNs };
        using var h = new AgentHarness(new AlpsPolicy(publisher, options), cpus: 2);
        long cpuTask = h.New(0);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(cpuTask), "the CPU-bound task is dispatched first");
        long ioTask = -1;
        for (long t = 1; t <= 30; t++)
        {
            h.Enclave.Now = t * Ms;
            if (t == 2)
            {
                ioTask = h.New(1);
            }
            h.Run();
            if (ioTask >= 0 && h.Enclave.Current(1) == ioTask)
            {
                return t;
            }
        }
        return -1;
    }

    [Test]
    public void WithoutGuardTheWakeupPreemptsAtOnce() =>
        Assert.That(WakeupRunsAt(guardNs: 0), Is.EqualTo(2), "plain alps: the better rank preempts past the 1 ms minimum run");

    [Test]
    public void GuardKeepsTheCpuTaskRunningUntilItExpiresThenTheWakeupRuns() =>
        Assert.That(WakeupRunsAt(guardNs: 10 * Ms), Is.EqualTo(10),
            "alps-io: the rank-1 wake-up waits until 10 ms after the CPU task's dispatch, and not longer");

    [Test]
    public void PolicyReportsItsModeName()
    {
        var policy = new AlpsPolicy(AgentHarness.Publisher((0, 1, 0)), new AlpsPolicyOptions { Name = "alps-io", PreemptGuardNs = Ms });
        Assert.That(policy.Name, Is.EqualTo("alps-io"));
    }

    [Test]
    public void NegativeGuardIsRejectedNamingTheOption()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AlpsPolicy(AgentHarness.Publisher((0, 1, 0)), new AlpsPolicyOptions { PreemptGuardNs = -1 }));
        Assert.That(e!.ParamName, Is.EqualTo(nameof(AlpsPolicyOptions.PreemptGuardNs)));
    }
}
